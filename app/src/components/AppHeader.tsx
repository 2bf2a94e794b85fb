import { Button, Flex, Heading, Link, Menu, MenuItem, Text, useBreakpointValue, View } from '@aws-amplify/ui-react';
import { href, type Page } from '../lib/route';

interface AppHeaderProps {
  page: Page;
  email: string;
  admin: boolean;
  onSignOut(): void;
}

/**
 * The signed-in header. From a medium width up: the navigation, who is signed in and "Sign
 * out" in one row; below it (a 390-px phone) they fold into a menu so nothing leaves the screen.
 */
export function AppHeader({ page, email, admin, onSignOut }: AppHeaderProps) {
  const compact = useBreakpointValue({ base: true, medium: false }) as boolean;
  const links: { page: Exclude<Page, 'incident'>; label: string }[] = [
    { page: 'board', label: 'Incidents' },
    { page: 'stats', label: 'Stats' },
    ...(admin ? [{ page: 'admin' as const, label: 'Services' }, { page: 'integrations' as const, label: 'Integrations' }] : []),
    { page: 'status', label: 'Status page' },
  ];
  const current = (target: Page) => target === page || (target === 'board' && page === 'incident');
  return (
    <View as="header" backgroundColor="background.secondary" padding="small medium">
      <Flex justifyContent="space-between" alignItems="center" gap="medium" maxWidth="72rem" margin="0 auto">
        <Heading level={1} fontSize="large">
          <Link href={href({ page: 'board' })} color="font.primary" textDecoration="none">
            Flare
          </Link>
        </Heading>
        {compact ? (
          <Menu menuAlign="end" size="large" trigger={<Button size="small" aria-label="Open menu">Menu</Button>}>
            <Text padding="xs medium" fontSize="small" color="font.secondary" data-testid="signed-in-as">
              {email}
            </Text>
            {links.map((link) => (
              <MenuItem key={link.page} onClick={() => (window.location.hash = href({ page: link.page }))} aria-current={current(link.page) ? 'page' : undefined}>
                {link.label}
              </MenuItem>
            ))}
            <MenuItem onClick={onSignOut}>Sign out</MenuItem>
          </Menu>
        ) : (
          <Flex as="nav" aria-label="Main" alignItems="center" gap="medium" wrap="wrap" justifyContent="flex-end">
            {links.map((link) => (
              <Link key={link.page} href={href({ page: link.page })} aria-current={current(link.page) ? 'page' : undefined} fontWeight={current(link.page) ? 'bold' : undefined}>
                {link.label}
              </Link>
            ))}
            <Text fontSize="small" color="font.secondary" data-testid="signed-in-as">
              {email}
            </Text>
            <Button size="small" onClick={onSignOut}>
              Sign out
            </Button>
          </Flex>
        )}
      </Flex>
    </View>
  );
}
