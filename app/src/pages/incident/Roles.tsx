import { Button, Flex, Grid, Text, TextField, VisuallyHidden } from '@aws-amplify/ui-react';
import { useState } from 'react';
import { client, type Incident } from '../../lib/client';
import { friendlyError, unwrap, type FriendlyError } from '../../lib/errors';
import { personName } from '../../lib/people';
import { TEXT_LIMITS } from '../../../../amplify/domain/text-limits';

const ROLES = [
  { field: 'commander', label: 'Commander' },
  { field: 'communicationsLead', label: 'Communications lead' },
  { field: 'scribe', label: 'Scribe' },
] as const;
type RoleField = (typeof ROLES)[number]['field'];

function RoleRow({ incident, field, label, me, onError }: { incident: Incident; field: RoleField; label: string; me: readonly string[]; onError(error: FriendlyError): void }) {
  const [editing, setEditing] = useState(false);
  const [person, setPerson] = useState('');
  const [busy, setBusy] = useState(false);
  const assign = async (value: string | null) => {
    setBusy(true);
    try {
      unwrap(await client.models.Incident.update({ id: incident.id, [field]: value }));
      setEditing(false);
    } catch (e) {
      onError(friendlyError(e));
    } finally {
      setBusy(false);
    }
  };
  const holder = incident[field];
  return (
    <>
      <Text fontWeight="bold">{label}</Text>
      <Flex gap="xs" alignItems="center" wrap="wrap" data-testid={`role-${field}`}>
        <Text>{personName(holder, me)}</Text>
        {editing ? (
          <Flex as="form" gap="xs" alignItems="flex-end" wrap="wrap" onSubmit={(e) => { e.preventDefault(); if (person.trim()) void assign(person.trim()); }}>
            <TextField label={`${label} e-mail`} size="small" type="email" value={person} onChange={(e) => setPerson(e.target.value)} maxLength={TEXT_LIMITS.person} />
            <Button size="small" type="submit" isLoading={busy}>
              Assign
            </Button>
            <Button size="small" onClick={() => setEditing(false)}>
              Cancel
            </Button>
          </Flex>
        ) : (
          <>
            {!me.includes(holder ?? '') && (
              <Button size="small" onClick={() => void assign(me[0] ?? '')} isLoading={busy}>
                Take it<VisuallyHidden> as {label.toLowerCase()}</VisuallyHidden>
              </Button>
            )}
            <Button size="small" variation="link" onClick={() => { setPerson(holder ?? ''); setEditing(true); }}>
              Assign<VisuallyHidden> {label.toLowerCase()}</VisuallyHidden>…
            </Button>
          </>
        )}
      </Flex>
    </>
  );
}

/** The incident's roles: commander, communications lead and scribe, each assignable to a responder. */
export function Roles({ incident, me, onError }: { incident: Incident; me: readonly string[]; onError(error: FriendlyError): void }) {
  return (
    <Grid templateColumns={{ base: '1fr', medium: '12rem 1fr' }} gap="xs small" alignItems="center">
      {ROLES.map((role) => (
        <RoleRow key={role.field} incident={incident} field={role.field} label={role.label} me={me} onError={onError} />
      ))}
    </Grid>
  );
}
