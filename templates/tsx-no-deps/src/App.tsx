import { Fragment, h } from './jsx';
import { store, type Todo } from './todos';

function TodoItem({ todo }: { todo: Todo }) {
  return (
    <li class={todo.done ? 'todo done' : 'todo'}>
      <label>
        <input type="checkbox" checked={todo.done} onChange={() => store.toggle(todo.id)} />
        <span>{todo.text}</span>
      </label>
      <button class="remove" type="button" aria-label={`Delete ${todo.text}`} onClick={() => store.remove(todo.id)}>
        ×
      </button>
    </li>
  );
}

function AddTodo() {
  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const input = form.elements.namedItem('text') as HTMLInputElement;
    store.add(input.value);
  };
  return (
    <form class="add" onSubmit={onSubmit}>
      <input name="text" placeholder="What needs doing?" aria-label="New todo" autocomplete="off" />
      <button type="submit">Add</button>
    </form>
  );
}

export function App() {
  const left = store.todos.filter((t) => !t.done).length;
  return (
    <>
      <h1>Todos</h1>
      <AddTodo />
      <ul class="todos">
        {store.todos.map((todo) => (
          <TodoItem todo={todo} />
        ))}
      </ul>
      <p class="summary">
        {left} {left === 1 ? 'item' : 'items'} left
        {store.todos.length > left && (
          <button class="link" type="button" onClick={() => store.clearDone()}>
            Clear done
          </button>
        )}
      </p>
    </>
  );
}
