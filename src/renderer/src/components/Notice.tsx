export function Notice({ text }: { text: string }): React.JSX.Element {
  return (
    <div className="empty notice">
      <p>{text}</p>
    </div>
  )
}
