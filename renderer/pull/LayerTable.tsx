import type { PullView } from '../../preload/api';
import { ProgressBar, classNames } from '../components';
import { formatLayerBytes, layerPercent, layerPhaseLabel, shortId } from './format';

/** One row per layer: short id, phase, a small bar and bytes. Compact on purpose: images can have 30 layers. */
export function LayerTable({ layers, caption }: { layers: PullView['layers']; caption: string }) {
  return (
    <table className="flush-table layer-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Layer</th>
          <th scope="col">Status</th>
          <th scope="col" className="layer-table__bar-column">
            Progress
          </th>
          <th scope="col" className="layer-table__bytes">
            Size
          </th>
        </tr>
      </thead>
      <tbody>
        {layers.map((layer) => {
          const percent = layerPercent(layer);
          const finished = layer.phase === 'complete' || layer.phase === 'exists';
          return (
            <tr key={layer.id} data-testid="pull-layer" data-phase={layer.phase} className={classNames(finished && 'layer-table__row--finished')}>
              <td className="mono">{shortId(layer.id)}</td>
              <td title={layer.status}>{layerPhaseLabel(layer.phase)}</td>
              <td className="layer-table__bar-column">
                <ProgressBar
                  size="sm"
                  label={`Layer ${shortId(layer.id)}`}
                  value={percent}
                  valueText={`${layerPhaseLabel(layer.phase)}${formatLayerBytes(layer) ? `, ${formatLayerBytes(layer)}` : ''}`}
                  tone={finished ? 'success' : 'accent'}
                />
              </td>
              <td className="layer-table__bytes tabular">{formatLayerBytes(layer)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
