export function CriterionHistoryPage() {
  return <h1>CriterionHistoryPage</h1>;
}
