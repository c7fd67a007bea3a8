import data from './data.json';
import styles from './features.module.css';

/** Renders the feature list from data.json. */
export function renderFeatures(): HTMLElement {
  const section = document.createElement('section');
  section.className = styles.card;
  const heading = document.createElement('h2');
  heading.textContent = data.title;
  const list = document.createElement('ul');
  list.className = styles.list;
  for (const feature of data.features) {
    const item = document.createElement('li');
    const name = document.createElement('strong');
    name.textContent = feature.name;
    item.append(name, ` — ${feature.detail}`);
    list.append(item);
  }
  section.append(heading, list);
  return section;
}
