;; Completes with a range past the end of its one-page (65536-byte) memory.
(module
  (import "env" "complete" (func $complete (param i32 i32)))
  (memory (export "memory") 1)
  (func (export "run")
    (call $complete (i32.const 65530) (i32.const 10))))
