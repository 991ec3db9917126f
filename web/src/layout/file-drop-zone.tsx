import { type DragEvent, useId, useRef, useState } from 'react';

export interface FileDropZoneProps {
  /** What to drop, e.g. "拖放 CSV 或 XLSX 文件到此处". */
  prompt: string;
  buttonLabel: string;
  accept: string;
  multiple?: boolean;
  disabled?: boolean;
  onFiles: (files: File[]) => void;
  testId?: string;
}

/**
 * A drop target for files with a real file button inside it: the button is what keyboard and
 * screen reader users reach (Tab, Enter), the drop area is a shortcut for mouse users.
 */
export function FileDropZone({
  prompt,
  buttonLabel,
  accept,
  multiple = false,
  disabled = false,
  onFiles,
  testId,
}: FileDropZoneProps) {
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);

  const take = (list: FileList | null) => {
    const files = list ? [...list] : [];
    if (files.length > 0) onFiles(multiple ? files : files.slice(0, 1));
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (!disabled) take(event.dataTransfer.files);
  };

  return (
    <div
      className={dragging ? 'drop-zone drop-zone--active' : 'drop-zone'}
      onDragOver={(event) => {
        event.preventDefault();
        if (!disabled) setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <p className="drop-zone__prompt">{prompt}</p>
      <label
        htmlFor={inputId}
        className={disabled ? 'button button--primary button--disabled' : 'button button--primary'}
      >
        {buttonLabel}
      </label>
      <input
        ref={input}
        id={inputId}
        className="drop-zone__input"
        type="file"
        accept={accept}
        multiple={multiple}
        disabled={disabled}
        data-testid={testId}
        onChange={(event) => {
          take(event.target.files);
          // The same file chosen again (after a fix) must fire a change.
          event.target.value = '';
        }}
      />
    </div>
  );
}
