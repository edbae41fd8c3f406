export function CriterionFormPage() {
  return <h1>CriterionFormPage</h1>;
}
