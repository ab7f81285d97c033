;; Completes with a payload whose data is not base64.
(module
  (import "env" "complete" (func $complete (param i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "[{\"data\":\"not base64!\"}]")
  (func (export "run")
    (call $complete (i32.const 0) (i32.const 24))))
