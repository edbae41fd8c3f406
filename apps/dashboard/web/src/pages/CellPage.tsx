export function CellPage() {
  return <h1>CellPage</h1>;
}
