import { useState } from 'react';

interface CounterProps {
  start: number;
}

export function Counter({ start }: CounterProps) {
  const [count, setCount] = useState(start);
  return (
    <button type="button" className="counter" onClick={() => setCount((c) => c + 1)}>
      count is {count}
    </button>
  );
}
