/** The Klaviyo list handlers. */
export { createListHandlers, matchesSearch, type ListHandlers, type ListHandlersDeps } from './list-handlers';
