import { ListGroupsCommand, ListUsersInGroupCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { Table, TableBody, TableCell, TableRow } from '@aws-amplify/ui-react';
import { ErrorNote } from '../../components/error-note';
import { useLoad } from '../../lib/hooks';
import { ColumnHeads } from '../../components/column-heads';

/** The pool's groups with their precedence, role and members. */
export function GroupList({ client, userPoolId }: { client: CognitoIdentityProviderClient; userPoolId: string }) {
  const groups = useLoad(async () => {
    const { Groups = [] } = await client.send(new ListGroupsCommand({ UserPoolId: userPoolId }));
    return Promise.all(
      Groups.map(async (group) => ({ group, members: (await client.send(new ListUsersInGroupCommand({ UserPoolId: userPoolId, GroupName: group.GroupName }))).Users ?? [] })),
    );
  }, [client, userPoolId]);
  return (
    <>
      <ErrorNote error={groups.error} />
      <Table size="small" variation="striped" aria-label="Groups" marginTop="medium">
        <ColumnHeads labels={['Group', 'Precedence', 'Role', 'Members']} />
        <TableBody>
          {groups.value?.map(({ group, members }) => (
            <TableRow key={group.GroupName}>
              <TableCell>{group.GroupName}</TableCell>
              <TableCell>{group.Precedence ?? '—'}</TableCell>
              <TableCell style={{ wordBreak: 'break-all' }}>{group.RoleArn ?? '—'}</TableCell>
              <TableCell>{members.map((user) => user.Username).join(', ') || '—'}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
