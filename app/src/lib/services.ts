import { useEffect, useState } from 'react';
import { client, type Service } from './client';
import { friendlyError, unwrap, type FriendlyError } from './errors';
import { useConnection } from './connection';

/**
 * The services incidents are filed under, loaded once, and again after an outage (null until they arrive).
 * @example
 * const { services, error } = useServices();
 */
export function useServices(): { services: Service[] | null; error: FriendlyError | null } {
  const [services, setServices] = useState<Service[] | null>(null);
  const [error, setError] = useState<FriendlyError | null>(null);
  const { epoch, reportFailure } = useConnection();
  useEffect(() => {
    let live = true;
    client.models.Service.list({ limit: 200 })
      .then((result) => {
        if (!live) return;
        setServices(unwrap(result) as Service[]);
        setError(null);
      })
      .catch((e) => {
        if (!live) return;
        setError(friendlyError(e));
        reportFailure();
      });
    return () => {
      live = false;
    };
  }, [epoch, reportFailure]);
  return { services, error };
}
