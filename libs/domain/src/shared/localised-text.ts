/**
 * A text in both languages the product speaks. Vietnamese (`vi`) is what users read on the dashboard and in
 * reports; English (`en`) is for logs, API consumers and engineers.
 */
export interface LocalisedText {
  readonly vi: string;
  readonly en: string;
}

/** Builds a {@link LocalisedText}. */
export function text(vi: string, en: string): LocalisedText {
  return { vi, en };
}
