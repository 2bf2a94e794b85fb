import { useEffect, useState } from 'react';
import { client, errorText, unwrap, type Service } from './client';

/**
 * The services incidents are filed under, loaded once (null until they arrive).
 * @example
 * const { services, error } = useServices();
 */
export function useServices(): { services: Service[] | null; error: string | null } {
  const [services, setServices] = useState<Service[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    client.models.Service.list({ limit: 200 })
      .then((result) => setServices(unwrap(result) as Service[]))
      .catch((e) => setError(errorText(e)));
  }, []);
  return { services, error };
}
