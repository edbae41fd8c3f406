import { useState } from 'react';
import { apiResponse } from '../api/client';
import { ErrorBox } from './ErrorBox';

/**
 * Downloads a file from the API with the access token (a plain link cannot send it): fetch, then hand the bytes
 * to the browser as a download under the server's file name.
 */
export function DownloadButton({ path, label, fallbackName, testId }: { path: string; label: string; fallbackName: string; testId?: string }) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const onClick = async () => {
    setError(null);
    setBusy(true);
    try {
      const res = await apiResponse(path, { method: 'GET' });
      const blob = await res.blob();
      const cd = res.headers.get('content-disposition') ?? '';
      const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
      const plain = /filename="?([^";]+)"?/i.exec(cd);
      const name = star ? decodeURIComponent(star[1]) : plain ? plain[1] : fallbackName;
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span>
      <button type="button" className="secondary" onClick={() => void onClick()} disabled={busy} data-testid={testId}>
        ⬇ {label}
      </button>
      {error != null && <ErrorBox error={error} />}
    </span>
  );
}
