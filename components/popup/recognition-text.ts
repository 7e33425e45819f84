/**
 * What a delivered capture's recognition line says (protocol v1.1), as plain functions: shared by
 * the live line (Recognition.tsx) and the popup's first screen (first-screen.ts).
 */
import type { Capture } from '../../lib/capture';
import { recognitionView, type RecognitionView } from '../../lib/recognition/record';

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
