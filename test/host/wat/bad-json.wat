;; Completes with text that is not JSON.
(module
  (import "env" "complete" (func $complete (param i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "[{\"data\":")
  (func (export "run")
    (call $complete (i32.const 0) (i32.const 9))))
