/** Where a CSV comes in: dropped on the zone, or picked with the system's file dialog. */
import { useState, type DragEvent } from 'react';
import { shell } from '../../../api';
import { errorData } from '../../lib/errors';

interface DropZoneProps {
  onPath(path: string): void;
  compact?: boolean;
}

export function DropZone({ onPath, compact = false }: DropZoneProps) {
  const [over, setOver] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const pick = async () => {
    setProblem(null);
    try {
      const path = await shell.pickCsvFile();
      if (path) onPath(path);
    } catch (error) {
      setProblem(errorData(error).message);
    }
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    const files = [...event.dataTransfer.files];
    if (files.length === 0) {
      setProblem('Drop a file from your computer (a CSV file), not text or a link.');
      return;
    }
    if (files.length > 1) {
      setProblem('Drop one file at a time.');
      return;
    }
    const file = files[0];
    if (!file) return;
    let path: string;
    try {
      path = shell.pathForDroppedFile(file);
    } catch {
      path = '';
    }
    if (!path) {
      setProblem(`The app could not tell where “${file.name}” is on your computer. Use “Choose a CSV file…” instead.`);
      return;
    }
    setProblem(null);
    onPath(path);
  };

  return (
    <div
      className={`drop-zone${over ? ' drop-over' : ''}${compact ? ' drop-compact' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      data-testid="drop-zone"
    >
      {compact ? null : <p className="drop-title">Drop a CSV file here</p>}
      {compact ? null : <p className="muted">Comma, semicolon, tab or pipe separated; UTF-8, UTF-16 or Windows-1252. Any size.</p>}
      <button type="button" className={compact ? '' : 'primary'} onClick={() => void pick()}>
        {compact ? 'Choose another file…' : 'Choose a CSV file…'}
      </button>
      {problem ? <p className="field-error" role="alert">{problem}</p> : null}
    </div>
  );
}
