import { Button, Flex, Heading, View } from '@aws-amplify/ui-react';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

/**
 * A modal dialog on the browser's own <dialog> (focus kept inside, Escape closes, the page
 * behind inert): Amplify UI has no dialog primitive.
 */
export function Dialog({ open, title, onClose, children }: { open: boolean; title: string; onClose(): void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <View
      as="dialog"
      ref={ref}
      aria-labelledby={titleId}
      onClose={onClose}
      padding="large"
      borderRadius="medium"
      border="none"
      backgroundColor="background.primary"
      color="font.primary"
      width="min(36rem, calc(100vw - 2rem))"
      maxHeight="calc(100dvh - 2rem)"
      boxShadow="large"
    >
      {open && (
        <>
          <Heading level={2} id={titleId} marginBottom="medium">
            {title}
          </Heading>
          {children}
        </>
      )}
    </View>
  );
}

/**
 * A destructive action that asks first: the button opens a dialog naming what will be lost.
 * @example <ConfirmButton label="Delete" title="Delete Checkout API?" onConfirm={remove}>Its history stays.</ConfirmButton>
 */
export function ConfirmButton({ label, title, confirmLabel, onConfirm, children, ariaLabel }: {
  label: string;
  title: string;
  confirmLabel?: string;
  onConfirm(): Promise<void> | void;
  children: ReactNode;
  ariaLabel?: string;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    try {
      await onConfirm();
    } finally {
      setBusy(false);
      setOpen(false);
    }
  };
  return (
    <>
      <Button size="small" colorTheme="error" onClick={() => setOpen(true)} aria-label={ariaLabel}>
        {label}
      </Button>
      <Dialog open={open} title={title} onClose={() => setOpen(false)}>
        <View marginBottom="large">{children}</View>
        <Flex justifyContent="flex-end" gap="small" wrap="wrap">
          <Button onClick={() => setOpen(false)}>Cancel</Button>
          <Button variation="primary" colorTheme="error" isLoading={busy} onClick={() => void confirm()}>
            {confirmLabel ?? label}
          </Button>
        </Flex>
      </Dialog>
    </>
  );
}
