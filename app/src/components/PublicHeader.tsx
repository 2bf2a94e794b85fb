import { Flex, Heading, Link, View } from '@aws-amplify/ui-react';
import { statusFeedUrl } from '../lib/api-urls';
import { href } from '../lib/route';

/** The status page's header: nothing to collapse, so it stays one line at any width. */
export function PublicHeader() {
  const feed = statusFeedUrl();
  return (
    <View as="header" backgroundColor="background.secondary" padding="small medium">
      <Flex justifyContent="space-between" alignItems="center" gap="small" wrap="wrap" maxWidth="64rem" margin="0 auto">
        <Heading level={1} fontSize="large">
          <Link href={href({ page: 'status' })} color="font.primary" textDecoration="none">
            Flare status
          </Link>
        </Heading>
        <Flex gap="medium" alignItems="center">
          {feed && (
            <Link href={feed} type="application/atom+xml" rel="alternate">
              Atom feed
            </Link>
          )}
          <Link href={href({ page: 'board' })}>Responder sign-in</Link>
        </Flex>
      </Flex>
    </View>
  );
}
