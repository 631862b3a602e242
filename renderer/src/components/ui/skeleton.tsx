/** Placeholders the size of what is loading, so the layout does not jump when it arrives. */
interface SkeletonProps {
  lines?: number;
  height?: number;
  label?: string;
}

export function Skeleton({ lines = 3, height = 14, label = 'Loading…' }: SkeletonProps) {
  return (
    <div className="skeleton" role="status" aria-label={label}>
      {Array.from({ length: lines }, (_, i) => (
        <div key={i} className="skeleton-line" style={{ height, width: `${92 - ((i * 17) % 40)}%` }} />
      ))}
    </div>
  );
}
