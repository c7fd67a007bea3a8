/** Turns a button into a counter that shows how often it was clicked. */
export function setupCounter(button: HTMLButtonElement): void {
  let count = 0;
  const render = () => {
    button.textContent = `count is ${count}`;
  };
  button.addEventListener('click', () => {
    count++;
    render();
  });
  render();
}
