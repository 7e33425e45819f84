/**
 * A delivered capture's recognition (protocol v1.1), live from the database: awaiting
 * confirmation, confirmed by whom (and who shares the win), or declined with the reviewer's
 * comment. Everything the endpoint said is rendered as text, never as markup. Nothing at all for
 * an endpoint without v1.1.
 */
import type { Capture } from '../../lib/capture';
import type { SourcedDatabase } from '../../lib/db/database';
import { recognitionView, type RecognitionView } from '../../lib/recognition/record';
import { useLiveQuery } from '../use-live-query';

/** Whether a capture may show a recognition line (its receipt has a status URL). */
export function mayShowRecognition(capture: Capture): boolean {
  return recognitionView(capture, undefined) !== undefined;
}

/** Everyone else the win credits, by name. */
function sharedWith(view: RecognitionView, capture: Capture): string[] {
  const own = capture.employee.name?.toLowerCase();
  return view.credits
    .map((c) => c.name)
    .filter((name): name is string => !!name && name.toLowerCase() !== own);
}

export function recognitionText(view: RecognitionView, capture: Capture): string {
  const others = sharedWith(view, capture);
  const shared = others.length ? ` · shared with ${others.join(', ')}` : '';
  switch (view.state) {
    case 'pending':
      return `Awaiting confirmation${shared}`;
    case 'confirmed':
      return `${view.by ? `Confirmed by ${view.by}` : 'Confirmed'}${shared}`;
    case 'declined':
      return `${view.by ? `Declined by ${view.by}` : 'Declined'}${view.comment ? `: ${view.comment}` : ''}`;
  }
}

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
