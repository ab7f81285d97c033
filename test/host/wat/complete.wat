;; Reads its info, logs it, and completes with the payload "hi" (json/plain).
(module
  (import "env" "get_info_len" (func $get_info_len (result i32)))
  (import "env" "get_info" (func $get_info (param i32 i32)))
  (import "env" "write_log" (func $write_log (param i32 i32 i32)))
  (import "env" "complete" (func $complete (param i32 i32)))
  (memory (export "memory") 1)
  ;; [{"metadata":{"encoding":base64("json/plain")},"data":base64("\"hi\"")}]
  (data (i32.const 16) "[{\"metadata\":{\"encoding\":\"anNvbi9wbGFpbg==\"},\"data\":\"ImhpIg==\"}]")
  (data (i32.const 512) "not shown: level 9 is not a log level")
  (func (export "run")
    (local $len i32)
    (local.set $len (call $get_info_len))
    (call $get_info (i32.const 1024) (local.get $len))
    ;; level 3 = info: the info JSON exactly as the host wrote it
    (call $write_log (i32.const 3) (i32.const 1024) (local.get $len))
    (call $write_log (i32.const 9) (i32.const 512) (i32.const 37))
    (call $complete (i32.const 16) (i32.const 64))
    ;; complete ends the run where it stands
    unreachable))
