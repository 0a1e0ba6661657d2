import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Dev server and preview on the ports the gateway's sandbox mode allows through CORS out of the box.
export default defineConfig({
  plugins: [react()],
  server: { port: 5173, strictPort: true },
  preview: { port: 4173, strictPort: true },
});
