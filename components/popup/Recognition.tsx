/**
 * A delivered capture's recognition (protocol v1.1), live from the database: awaiting
 * confirmation, confirmed by whom (and who shares the win), or declined with the reviewer's
 * comment. Everything the endpoint said is rendered as text, never as markup. Nothing at all for
 * an endpoint without v1.1.
 */
import type { Capture } from '../../lib/capture';
import type { SourcedDatabase } from '../../lib/db/database';
import { recognitionView } from '../../lib/recognition/record';
import { useLiveQuery } from '../use-live-query';
import { recognitionText } from './recognition-text';

export function RecognitionLine({
  db,
  capture,
  id,
}: {
  db: SourcedDatabase;
  capture: Capture;
  id: string;
}) {
  const record = useLiveQuery(() => db.recognition.get(capture.id), [db, capture.id]);
  const view = recognitionView(capture, record.value);
  if (!view) return null;
  const text = recognitionText(view, capture);
  return (
    <p
      id={id}
      class={`detail recognition recognition-${view.state}`}
      data-testid="capture-recognition"
      data-state={view.state}
      title={text}
    >
      {text}
    </p>
  );
}
