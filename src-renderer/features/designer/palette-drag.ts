/** The drag-and-drop payload from the palette to the canvas: `component-id@version`. */
export const COMPONENT_DRAG_TYPE = 'application/x-pipewright-component';
