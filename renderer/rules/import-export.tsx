import { useState } from 'react';
import type { CallError } from '../../core/contract/errors.ts';
import { api } from '../api/client.ts';
import { useBoxStatus } from '../lead-box/facets-store.ts';
import { Dialog } from '../ui/dialog.tsx';
import { useRules } from './rules-store.ts';

type Format = 'json' | 'xml';

function download(fileName: string, text: string, format: Format): void {
  const url = URL.createObjectURL(new Blob([text], { type: format === 'json' ? 'application/json' : 'application/xml' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Export the rules of the selected box as JSON or XML (the same content either way). */
export function ExportButtons({ boxId }: { boxId: string | null }) {
  const setNotice = useRules((s) => s.setNotice);
  const run = async (format: Format) => {
    try {
      const result = await api.call('rules.export', { format, ...(boxId ? { boxId } : {}) });
      download(result.fileName, result.text, format);
      setNotice({ tone: 'success', text: `Exported ${result.ruleCount} ${result.ruleCount === 1 ? 'rule' : 'rules'} as ${format.toUpperCase()} (${result.fileName}).` });
    } catch (error) {
      setNotice({ tone: 'error', text: (error as Error).message });
    }
  };
  return (
    <div className="button-group" role="group" aria-label="Export rules">
      <button type="button" className="button" onClick={() => void run('json')}>
        Export JSON
      </button>
      <button type="button" className="button" onClick={() => void run('xml')}>
        Export XML
      </button>
    </div>
  );
}

/** Import rules from a file or pasted text; each rule is checked like a save, so template violations are named. */
export function ImportDialog({ onClose }: { onClose: () => void }) {
  const [text, setText] = useState('');
  const [format, setFormat] = useState<Format>('json');
  const [error, setError] = useState<CallError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await api.call('rules.import', { format, text });
      void useBoxStatus.getState().refreshOutbox();
      const store = useRules.getState();
      store.setNotice({ tone: 'success', text: `Imported ${result.created} new and ${result.updated} updated ${result.created + result.updated === 1 ? 'rule' : 'rules'}.` });
      onClose();
      await store.load();
    } catch (e) {
      setError(e as CallError);
    } finally {
      setBusy(false);
    }
  };
  const pick = async (file: File | undefined) => {
    if (!file) return;
    setText(await file.text());
    setFormat(file.name.toLowerCase().endsWith('.xml') ? 'xml' : 'json');
  };
  return (
    <Dialog title="Import rules" description="From a LeadRelay export (JSON or XML). Every rule is checked against your templates before anything is saved." submitLabel="Import" busy={busy} onSubmit={() => void submit()} onClose={onClose}>
      <label className="label" htmlFor="import-file">
        File
      </label>
      <input id="import-file" className="input input--file" type="file" accept=".json,.xml,application/json,application/xml" onChange={(e) => void pick(e.target.files?.[0])} />
      <label className="label" htmlFor="import-format">
        Format
      </label>
      <select id="import-format" className="select" value={format} onChange={(e) => setFormat(e.target.value as Format)}>
        <option value="json">JSON</option>
        <option value="xml">XML</option>
      </select>
      <label className="label" htmlFor="import-text">
        Content
      </label>
      <textarea id="import-text" className="textarea textarea--code" rows={10} value={text} onChange={(e) => setText(e.target.value)} aria-invalid={Boolean(error)} aria-describedby={error ? 'import-error' : undefined} data-autofocus />
      {error && (
        <p className="field-error" id="import-error" role="alert">
          {error.message}
        </p>
      )}
    </Dialog>
  );
}
