export function SecretaryHomePage() {
  return <h1>SecretaryHomePage</h1>;
}
