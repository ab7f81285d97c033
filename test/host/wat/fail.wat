;; Fails the workflow with an application failure that has details and a cause.
(module
  (import "env" "complete_with_failure" (func $fail (param i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "{\"message\":\"card declined\",\"type\":\"PaymentError\",\"non_retryable\":true,\"details\":[{\"data\":\"NDI=\"}],\"cause\":{\"message\":\"gateway timeout\"}}")
  (func (export "run")
    (call $fail (i32.const 0) (i32.const 136))))
