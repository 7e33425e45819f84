/** The popup's edit view: the same form as the in-page dialog, over the list. */
import type { Capture, Outcome } from '../../lib/capture';
import type { Result } from '../../lib/result';
import { CaptureForm } from '../CaptureForm';

export interface EditDialogProps {
  capture: Capture;
  onSave: (outcome: Outcome, submit: boolean) => Promise<Result<unknown>>;
  onClose: () => void;
}

export function EditDialog({ capture, onSave, onClose }: EditDialogProps) {
  const { post } = capture;
  return (
    <div
      class="popup-dialog"
      role="dialog"
      aria-modal="true"
      aria-labelledby="sourced-form-title"
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
    >
      <CaptureForm
        post={{
          platform: capture.platform,
          author: post.author.name ?? post.author.handle,
          postedAt: post.postedAt,
          excerpt: post.excerpt,
        }}
        initial={capture.outcome}
        editing
        defaultCurrency={capture.outcome.value?.currency}
        onSave={onSave}
        onCancel={onClose}
      />
    </div>
  );
}
