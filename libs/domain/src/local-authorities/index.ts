export * from './local-authorities';
