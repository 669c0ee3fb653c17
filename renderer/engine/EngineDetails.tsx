import type { EngineStatus } from '../../preload/api';
import { PropertyList, type Property } from '../components';
import { formatDateTime } from '../format';
import { endpointSourceLabel } from './engineText';

export interface EngineDetailsProps {
  status: EngineStatus;
  /** Prefix for the values' test ids, so the same list can appear twice on a page. */
  testIdPrefix: string;
}

/** Where the engine is and what it is: shared by the sidebar's details popover and Settings. */
export function EngineDetails({ status, testIdPrefix }: EngineDetailsProps) {
  const { endpoint } = status;
  const items: Array<Property | undefined> = [
    status.state === 'connected' ? { label: 'Product', value: status.product } : undefined,
    status.state === 'connected' ? { label: 'Version', value: status.version, testId: `${testIdPrefix}-version` } : undefined,
    status.state === 'connected' ? { label: 'API version', value: status.apiVersion } : undefined,
    status.state === 'connected' ? { label: 'OS / architecture', value: `${status.os}/${status.arch}` } : undefined,
    {
      label: 'Endpoint',
      value: endpoint ? endpoint.url : 'None found',
      mono: endpoint !== undefined,
      testId: `${testIdPrefix}-endpoint`,
    },
    endpoint ? { label: 'Chosen from', value: endpointSourceLabel(endpoint), testId: `${testIdPrefix}-source` } : undefined,
    endpoint ? { label: 'TLS', value: endpoint.tls ? 'Yes' : 'No' } : undefined,
    {
      label: status.state === 'connected' ? 'Connected since' : 'Since',
      value: <time dateTime={status.since}>{formatDateTime(status.since)}</time>,
    },
  ];
  return <PropertyList items={items} />;
}
