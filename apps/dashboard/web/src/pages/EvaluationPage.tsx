export function EvaluationPage() {
  return <h1>EvaluationPage</h1>;
}
