/**
 * The popup's edit dialog (and the capture form in it), loaded the first time an edit starts:
 * the first screen does not need that code.
 */
import { useEffect, useState } from 'preact/hooks';
import type { EditDialog } from './EditDialog';

type Dialog = typeof EditDialog;
let loading: Promise<Dialog> | undefined;

export function loadEditDialog(): Promise<Dialog> {
  loading ??= import('./EditDialog').then((m) => m.EditDialog);
  return loading;
}

/** The dialog component once loaded; loading starts when `wanted` first holds. */
export function useEditDialog(wanted: boolean): Dialog | undefined {
  const [dialog, setDialog] = useState<Dialog | undefined>(undefined);
  useEffect(() => {
    if (!wanted || dialog) return;
    let live = true;
    void loadEditDialog().then((loaded) => live && setDialog(() => loaded));
    return () => {
      live = false;
    };
  }, [wanted]);
  return dialog;
}
