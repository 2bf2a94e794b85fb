import { useEffect, useState, type FormEvent } from 'react';
import { client, errorText, SERVICE_STATUSES, unwrap, type Service } from '../lib/client';
import { useConnection } from '../lib/connection';
import { Empty, ErrorBanner, Loading, StatusBadge } from '../components/states';

type ServiceStatus = (typeof SERVICE_STATUSES)[number];

/** Services admin (ADMINS only): create, change status, delete. */
export function AdminServicesPage() {
  const [services, setServices] = useState<Service[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');

  const { epoch, reportFailure, reportUpdate } = useConnection();

  // Runs again when the backend is reachable after an outage (epoch).
  useEffect(() => {
    const sub = client.models.Service.observeQuery().subscribe({
      next: ({ items }) => {
        setServices([...items] as Service[]);
        reportUpdate();
      },
      error: (e: unknown) => {
        setError(errorText(e));
        reportFailure();
      },
    });
    return () => sub.unsubscribe();
  }, [epoch, reportFailure, reportUpdate]);

  const attempt = async (action: () => Promise<{ data: unknown; errors?: { message: string }[] }>) => {
    try {
      unwrap(await action());
    } catch (e) {
      setError(errorText(e));
    }
  };

  const create = async (event: FormEvent) => {
    event.preventDefault();
    await attempt(() => client.models.Service.create({ name, description: description || undefined, status: 'OPERATIONAL' }));
    setName('');
    setDescription('');
  };

  return (
    <section aria-labelledby="admin-title" className="admin-page">
      <h2 id="admin-title">Services</h2>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      <form onSubmit={create} className="service-form">
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          Description
          <input value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
        <button type="submit">Add service</button>
      </form>
      {services === null ? (
        <Loading what="services" />
      ) : services.length === 0 ? (
        <Empty>No services yet.</Empty>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {services.map((service) => (
              <tr key={service.id}>
                <td>{service.name}</td>
                <td>
                  <StatusBadge status={service.status} />
                  <select
                    aria-label={`Status of ${service.name}`}
                    value={service.status ?? 'OPERATIONAL'}
                    onChange={(e) => void attempt(() => client.models.Service.update({ id: service.id, status: e.target.value as ServiceStatus }))}
                  >
                    {SERVICE_STATUSES.map((s) => (
                      <option key={s}>{s}</option>
                    ))}
                  </select>
                </td>
                <td>
                  <button type="button" onClick={() => void attempt(() => client.models.Service.delete({ id: service.id }))}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
