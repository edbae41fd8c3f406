export function PledgeAlerts() {
  return null;
}
