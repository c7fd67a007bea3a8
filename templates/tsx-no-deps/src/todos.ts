/** The todo list's state: a plain array plus subscribers, saved in localStorage. */
export interface Todo {
  id: number;
  text: string;
  done: boolean;
}

const KEY = 'tsx-todos';

function load(): Todo[] {
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    if (Array.isArray(saved)) return saved as Todo[];
  } catch {
    // Corrupt or unavailable storage: start with the examples.
  }
  return [
    { id: 1, text: 'Edit src/App.tsx', done: true },
    { id: 2, text: 'Add a todo below', done: false },
    { id: 3, text: 'Tick it off', done: false },
  ];
}

let todos = load();
const listeners = new Set<() => void>();

function commit(next: Todo[]): void {
  todos = next;
  try {
    localStorage.setItem(KEY, JSON.stringify(todos));
  } catch {
    // Storage may be disabled; the list still works for this page.
  }
  listeners.forEach((l) => l());
}

export const store = {
  get todos(): readonly Todo[] {
    return todos;
  },
  subscribe(listener: () => void): void {
    listeners.add(listener);
  },
  add(text: string): void {
    const trimmed = text.trim();
    if (trimmed) commit([...todos, { id: Date.now(), text: trimmed, done: false }]);
  },
  toggle(id: number): void {
    commit(todos.map((t) => (t.id === id ? { ...t, done: !t.done } : t)));
  },
  remove(id: number): void {
    commit(todos.filter((t) => t.id !== id));
  },
  clearDone(): void {
    commit(todos.filter((t) => !t.done));
  },
};
