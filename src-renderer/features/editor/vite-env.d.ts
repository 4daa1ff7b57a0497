/// <reference types="vite/client" />
// `?worker` imports (monaco-setup.ts) are typed by Vite's client declarations.
