import { useState } from 'react';
import { Counter } from './Counter.tsx';

export default function App() {
  const [name, setName] = useState('world');

  return (
    <main>
      <h1>Hello, {name}!</h1>
      <label>
        Your name <input value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <Counter start={0} />
      <p className="hint">
        Edit <code>src/App.tsx</code> and watch the preview. Add packages in the Dependencies panel, or import one and
        take the quick fix.
      </p>
    </main>
  );
}
