import { useState } from 'preact/hooks';

export function App() {
  const [count, setCount] = useState(0);
  const [items, setItems] = useState<string[]>([]);

  return (
    <main>
      <h1>Preact + TypeScript</h1>
      <button type="button" class="counter" onClick={() => setCount(count + 1)}>
        count is {count}
      </button>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const input = e.currentTarget.elements.namedItem('item') as HTMLInputElement;
          if (input.value.trim()) setItems([...items, input.value.trim()]);
          input.value = '';
        }}
      >
        <input name="item" placeholder="Add an item" />
        <button type="submit">Add</button>
      </form>
      <ul>
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
      <p class="hint">
        Edit <code>src/App.tsx</code> and watch the preview.
      </p>
    </main>
  );
}
