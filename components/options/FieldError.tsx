/** The reason a field was refused, right under it, tied to it for screen readers. */
import type { FieldErrors } from '../../lib/settings-draft';

export function errorProps(errors: FieldErrors, id: string) {
  return errors[id]
    ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-error` }
    : { 'aria-invalid': false as const };
}

export function FieldError({ errors, id }: { errors: FieldErrors; id: string }) {
  const message = errors[id];
  if (!message) return null;
  return (
    <span class="field-error" id={`${id}-error`} data-testid={`${id}-error`}>
      {message}
    </span>
  );
}
