// Stylesheets are bundled by Vite; TypeScript only needs to know importing one is fine.
declare module '*.css';
