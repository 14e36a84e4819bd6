import { areaOf } from "./areas";

/** What a page is made of, roughly: tiles, a chart, a filter row, a table of some rows. */
export type SkeletonShape = { tiles?: number; chart?: boolean; filters?: boolean; rows?: number };

const SHAPES: Record<string, SkeletonShape> = {
  "/": { tiles: 4, chart: true, rows: 5 },
  "/costs": { tiles: 4, chart: true, rows: 8 },
  "/costs/budgets": { rows: 6 },
  "/costs/inventory": { filters: true, rows: 10 },
  "/costs/imports": { rows: 8 },
  "/services": { rows: 6 },
  "/service-map": { chart: true },
  "/traces": { filters: true, rows: 12 },
  "/audit": { filters: true, rows: 12 },
  "/access": { rows: 6 },
  "/settings": { rows: 8 },
  "/account": { rows: 3 },
  "/agent": { tiles: 3, rows: 8 },
};

/** Grey blocks in the shape of the page on its way, announced once to screen readers. */
export function PageSkeleton({ tiles = 0, chart = false, filters = false, rows = 4 }: SkeletonShape) {
  return (
    <div className="content-skeleton" aria-busy="true" data-testid="page-skeleton">
      <p role="status" className="visually-hidden">
        Loading…
      </p>
      <div className="skeleton-block skeleton-title" />
      <div className="skeleton-block skeleton-line" />
      {tiles > 0 && (
        <div className="tiles">
          {Array.from({ length: tiles }, (_, index) => (
            <div key={index} className="tile">
              <div className="skeleton-block skeleton-line" />
              <div className="skeleton-block skeleton-title" />
            </div>
          ))}
        </div>
      )}
      <section className="card">
        {filters && <div className="skeleton-block skeleton-row" />}
        {chart && <div className="skeleton-block skeleton-chart" />}
        {Array.from({ length: rows }, (_, index) => (
          <div key={index} className="skeleton-block skeleton-row" />
        ))}
      </section>
    </div>
  );
}

/** The skeleton of the area a path is in (a feature page looks like Costs, a trace like Traces). */
export function AreaSkeleton({ pathname }: { pathname: string }) {
  const area = areaOf(pathname);
  return <PageSkeleton {...(area ? SHAPES[area.href] : undefined)} />;
}
