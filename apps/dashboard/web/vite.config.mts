import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * The web app of the dashboard (district leaders' dashboard, secretaries' phone pages, officers' review), built
 * into apps/dashboard/web/dist and served by the dashboard app (apps/dashboard/src/web). JSX is compiled by Vite's
 * own transformer (tsconfig "jsx": "react-jsx"). The service worker (vite-plugin-pwa, Workbox) precaches the app
 * shell so the secretaries' pages open without a connection; API calls are never answered from a stale cache
 * except the reference data a form needs offline.
 */
export default defineConfig({
  root: here('.'),
  base: '/',
  resolve: { alias: { '@pledge/domain': here('../../../libs/domain/src') } },
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    // no source maps in the build: they would publish the sources to anyone (issue 11)
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      // the service worker's precache step is slow on a busy machine; that is not worth a warning
      checks: { pluginTimings: false },
      onwarn(warning, warn) {
        // "use client" directives of React libraries mean nothing in a client-only bundle
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000', '/health': 'http://127.0.0.1:3000' },
  },
  plugins: [
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: false,
      includeAssets: ['icon.svg', 'icon-192.png', 'icon-512.png', 'apple-touch-icon.png'],
      manifest: {
        id: '/',
        name: 'Giao ước thi đua – huyện Thanh Bình',
        short_name: 'Giao ước NTM',
        description: 'Báo cáo và theo dõi giao ước thi đua xây dựng nông thôn mới của các chi bộ ấp, khóm huyện Thanh Bình',
        lang: 'vi',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#0b5d3b',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//, /^\/health/, /^\/metrics/, /^\/queues/],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
        runtimeCaching: [
          {
            // what a secretary needs to open her pages and forms offline (catalogue, units, pledge, her cell's last
            // known status): network first, the last copy when offline
            urlPattern: ({ url, request }) => request.method === 'GET' && /^\/api\/v1\/(criteria|units|pledges|progress\/units)(\/|$|\?)/.test(url.pathname),
            handler: 'NetworkFirst',
            options: {
              cacheName: 'reference-data',
              networkTimeoutSeconds: 5,
              expiration: { maxEntries: 50, maxAgeSeconds: 30 * 24 * 3600 },
            },
          },
        ],
      },
    }),
  ],
});
