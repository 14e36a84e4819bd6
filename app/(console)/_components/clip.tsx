/**
 * A value that may be long (an ID, ARN, file name, email): cut with an ellipsis to its room,
 * whole on hover (title) and when copied.
 */
export function Clip({ text, className }: { text: string; className?: string }) {
  return (
    <span className={className ? `clip ${className}` : "clip"} title={text}>
      {text}
    </span>
  );
}
