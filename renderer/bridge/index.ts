/**
 * The renderer's only way to reach main. Screens use the hooks; `call` is for event handlers outside React.
 * Adding a screen's data is one line: `const images = useCall('images.list')`.
 */
export { BridgeMissingError, getBridge } from './bridge';
export { call, CallFailedError, type RequestArgs } from './call';
export { useCall, type CallState } from './useCall';
export { useAction, type ActionResult } from './useAction';
export { useEvent } from './useEvent';
export { useLiveValue, liveValueStore, type LiveValue } from './liveValue';
export { LiveCollectionStore } from './liveCollection';
export { useLivePatchedList, livePatchedListStore } from './livePatchedList';
export { useEngineStatus } from './useEngineStatus';
