// Code in this file is data. The event type numbers, names, categories and
// parameter layouts are the public scap ABI shared by the Falco drivers,
// libscap capture files and every consumer of them; they were checked against
// the falcosecurity/libs driver headers (event table as of late 2025,
// PPM_EVENT_MAX = 448) and against Debian's sysdig 0.29 (see table_test.go).
//
// How this table may change, and nothing else is allowed:
//   - a row may only gain parameters at its end (old captures simply carry
//     fewer parameters, and decoders must accept that);
//   - any other change to a row (a parameter removed, renamed, retyped or
//     reordered) needs a new event type number appended at the end, and the
//     old row stays, flagged FlagOldVersion, so old captures still decode;
//   - numbers are never reused.
// Enter events have even numbers and exit events odd ones; a pair's exit type
// is its enter type + 1. Types upstream appended after this snapshot (keyctl
// and close_range, 2026) are not here yet: they go at the end, with the
// numbers the driver header gives them.

package event

// Event type numbers (PPME_* in the driver ABI), named mechanically from the
// C name: the PPME_ prefix dropped, words in CamelCase, the E/X suffix kept.
// One exception: PPME_SYSCALL_OPENAT_2_E/X (version 2 of openat) become
// SyscallOpenatV2E/X, because SyscallOpenat2E/X are the openat2 syscall's.
const (
	GenericE                 Type = 0
	GenericX                 Type = 1
	SyscallOpenE             Type = 2
	SyscallOpenX             Type = 3
	SyscallCloseE            Type = 4
	SyscallCloseX            Type = 5
	SyscallReadE             Type = 6
	SyscallReadX             Type = 7
	SyscallWriteE            Type = 8
	SyscallWriteX            Type = 9
	SyscallBrk1E             Type = 10
	SyscallBrk1X             Type = 11
	SyscallExecve8E          Type = 12
	SyscallExecve8X          Type = 13
	SyscallClone11E          Type = 14
	SyscallClone11X          Type = 15
	ProcexitE                Type = 16
	ProcexitX                Type = 17
	SocketSocketE            Type = 18
	SocketSocketX            Type = 19
	SocketBindE              Type = 20
	SocketBindX              Type = 21
	SocketConnectE           Type = 22
	SocketConnectX           Type = 23
	SocketListenE            Type = 24
	SocketListenX            Type = 25
	SocketAcceptE            Type = 26
	SocketAcceptX            Type = 27
	SocketSendE              Type = 28
	SocketSendX              Type = 29
	SocketSendtoE            Type = 30
	SocketSendtoX            Type = 31
	SocketRecvE              Type = 32
	SocketRecvX              Type = 33
	SocketRecvfromE          Type = 34
	SocketRecvfromX          Type = 35
	SocketShutdownE          Type = 36
	SocketShutdownX          Type = 37
	SocketGetsocknameE       Type = 38
	SocketGetsocknameX       Type = 39
	SocketGetpeernameE       Type = 40
	SocketGetpeernameX       Type = 41
	SocketSocketpairE        Type = 42
	SocketSocketpairX        Type = 43
	SocketSetsockoptE        Type = 44
	SocketSetsockoptX        Type = 45
	SocketGetsockoptE        Type = 46
	SocketGetsockoptX        Type = 47
	SocketSendmsgE           Type = 48
	SocketSendmsgX           Type = 49
	SocketSendmmsgE          Type = 50
	SocketSendmmsgX          Type = 51
	SocketRecvmsgE           Type = 52
	SocketRecvmsgX           Type = 53
	SocketRecvmmsgE          Type = 54
	SocketRecvmmsgX          Type = 55
	SocketAccept4E           Type = 56
	SocketAccept4X           Type = 57
	SyscallCreatE            Type = 58
	SyscallCreatX            Type = 59
	SyscallPipeE             Type = 60
	SyscallPipeX             Type = 61
	SyscallEventfdE          Type = 62
	SyscallEventfdX          Type = 63
	SyscallFutexE            Type = 64
	SyscallFutexX            Type = 65
	SyscallStatE             Type = 66
	SyscallStatX             Type = 67
	SyscallLstatE            Type = 68
	SyscallLstatX            Type = 69
	SyscallFstatE            Type = 70
	SyscallFstatX            Type = 71
	SyscallStat64E           Type = 72
	SyscallStat64X           Type = 73
	SyscallLstat64E          Type = 74
	SyscallLstat64X          Type = 75
	SyscallFstat64E          Type = 76
	SyscallFstat64X          Type = 77
	SyscallEpollwaitE        Type = 78
	SyscallEpollwaitX        Type = 79
	SyscallPollE             Type = 80
	SyscallPollX             Type = 81
	SyscallSelectE           Type = 82
	SyscallSelectX           Type = 83
	SyscallNewselectE        Type = 84
	SyscallNewselectX        Type = 85
	SyscallLseekE            Type = 86
	SyscallLseekX            Type = 87
	SyscallLlseekE           Type = 88
	SyscallLlseekX           Type = 89
	SyscallIoctl2E           Type = 90
	SyscallIoctl2X           Type = 91
	SyscallGetcwdE           Type = 92
	SyscallGetcwdX           Type = 93
	SyscallChdirE            Type = 94
	SyscallChdirX            Type = 95
	SyscallFchdirE           Type = 96
	SyscallFchdirX           Type = 97
	SyscallMkdirE            Type = 98
	SyscallMkdirX            Type = 99
	SyscallRmdirE            Type = 100
	SyscallRmdirX            Type = 101
	SyscallOpenatE           Type = 102
	SyscallOpenatX           Type = 103
	SyscallLinkE             Type = 104
	SyscallLinkX             Type = 105
	SyscallLinkatE           Type = 106
	SyscallLinkatX           Type = 107
	SyscallUnlinkE           Type = 108
	SyscallUnlinkX           Type = 109
	SyscallUnlinkatE         Type = 110
	SyscallUnlinkatX         Type = 111
	SyscallPreadE            Type = 112
	SyscallPreadX            Type = 113
	SyscallPwriteE           Type = 114
	SyscallPwriteX           Type = 115
	SyscallReadvE            Type = 116
	SyscallReadvX            Type = 117
	SyscallWritevE           Type = 118
	SyscallWritevX           Type = 119
	SyscallPreadvE           Type = 120
	SyscallPreadvX           Type = 121
	SyscallPwritevE          Type = 122
	SyscallPwritevX          Type = 123
	SyscallDupE              Type = 124
	SyscallDupX              Type = 125
	SyscallSignalfdE         Type = 126
	SyscallSignalfdX         Type = 127
	SyscallKillE             Type = 128
	SyscallKillX             Type = 129
	SyscallTkillE            Type = 130
	SyscallTkillX            Type = 131
	SyscallTgkillE           Type = 132
	SyscallTgkillX           Type = 133
	SyscallNanosleepE        Type = 134
	SyscallNanosleepX        Type = 135
	SyscallTimerfdCreateE    Type = 136
	SyscallTimerfdCreateX    Type = 137
	SyscallInotifyInitE      Type = 138
	SyscallInotifyInitX      Type = 139
	SyscallGetrlimitE        Type = 140
	SyscallGetrlimitX        Type = 141
	SyscallSetrlimitE        Type = 142
	SyscallSetrlimitX        Type = 143
	SyscallPrlimitE          Type = 144
	SyscallPrlimitX          Type = 145
	Schedswitch1E            Type = 146
	Schedswitch1X            Type = 147
	DropE                    Type = 148
	DropX                    Type = 149
	SyscallFcntlE            Type = 150
	SyscallFcntlX            Type = 151
	Schedswitch6E            Type = 152
	Schedswitch6X            Type = 153
	SyscallExecve13E         Type = 154
	SyscallExecve13X         Type = 155
	SyscallClone16E          Type = 156
	SyscallClone16X          Type = 157
	SyscallBrk4E             Type = 158
	SyscallBrk4X             Type = 159
	SyscallMmapE             Type = 160
	SyscallMmapX             Type = 161
	SyscallMmap2E            Type = 162
	SyscallMmap2X            Type = 163
	SyscallMunmapE           Type = 164
	SyscallMunmapX           Type = 165
	SyscallSpliceE           Type = 166
	SyscallSpliceX           Type = 167
	SyscallPtraceE           Type = 168
	SyscallPtraceX           Type = 169
	SyscallIoctl3E           Type = 170
	SyscallIoctl3X           Type = 171
	SyscallExecve14E         Type = 172
	SyscallExecve14X         Type = 173
	SyscallRenameE           Type = 174
	SyscallRenameX           Type = 175
	SyscallRenameatE         Type = 176
	SyscallRenameatX         Type = 177
	SyscallSymlinkE          Type = 178
	SyscallSymlinkX          Type = 179
	SyscallSymlinkatE        Type = 180
	SyscallSymlinkatX        Type = 181
	SyscallForkE             Type = 182
	SyscallForkX             Type = 183
	SyscallVforkE            Type = 184
	SyscallVforkX            Type = 185
	Procexit1E               Type = 186
	Procexit1X               Type = 187
	SyscallSendfileE         Type = 188
	SyscallSendfileX         Type = 189
	SyscallQuotactlE         Type = 190
	SyscallQuotactlX         Type = 191
	SyscallSetresuidE        Type = 192
	SyscallSetresuidX        Type = 193
	SyscallSetresgidE        Type = 194
	SyscallSetresgidX        Type = 195
	ScapeventE               Type = 196
	ScapeventX               Type = 197
	SyscallSetuidE           Type = 198
	SyscallSetuidX           Type = 199
	SyscallSetgidE           Type = 200
	SyscallSetgidX           Type = 201
	SyscallGetuidE           Type = 202
	SyscallGetuidX           Type = 203
	SyscallGeteuidE          Type = 204
	SyscallGeteuidX          Type = 205
	SyscallGetgidE           Type = 206
	SyscallGetgidX           Type = 207
	SyscallGetegidE          Type = 208
	SyscallGetegidX          Type = 209
	SyscallGetresuidE        Type = 210
	SyscallGetresuidX        Type = 211
	SyscallGetresgidE        Type = 212
	SyscallGetresgidX        Type = 213
	SyscallExecve15E         Type = 214
	SyscallExecve15X         Type = 215
	SyscallClone17E          Type = 216
	SyscallClone17X          Type = 217
	SyscallFork17E           Type = 218
	SyscallFork17X           Type = 219
	SyscallVfork17E          Type = 220
	SyscallVfork17X          Type = 221
	SyscallClone20E          Type = 222
	SyscallClone20X          Type = 223
	SyscallFork20E           Type = 224
	SyscallFork20X           Type = 225
	SyscallVfork20E          Type = 226
	SyscallVfork20X          Type = 227
	ContainerE               Type = 228
	ContainerX               Type = 229
	SyscallExecve16E         Type = 230
	SyscallExecve16X         Type = 231
	SignaldeliverE           Type = 232
	SignaldeliverX           Type = 233
	ProcinfoE                Type = 234
	ProcinfoX                Type = 235
	SyscallGetdentsE         Type = 236
	SyscallGetdentsX         Type = 237
	SyscallGetdents64E       Type = 238
	SyscallGetdents64X       Type = 239
	SyscallSetnsE            Type = 240
	SyscallSetnsX            Type = 241
	SyscallFlockE            Type = 242
	SyscallFlockX            Type = 243
	CpuHotplugE              Type = 244
	CpuHotplugX              Type = 245
	SocketAccept5E           Type = 246
	SocketAccept5X           Type = 247
	SocketAccept45E          Type = 248
	SocketAccept45X          Type = 249
	SyscallSemopE            Type = 250
	SyscallSemopX            Type = 251
	SyscallSemctlE           Type = 252
	SyscallSemctlX           Type = 253
	SyscallPpollE            Type = 254
	SyscallPpollX            Type = 255
	SyscallMountE            Type = 256
	SyscallMountX            Type = 257
	SyscallUmountE           Type = 258
	SyscallUmountX           Type = 259
	K8sE                     Type = 260
	K8sX                     Type = 261
	SyscallSemgetE           Type = 262
	SyscallSemgetX           Type = 263
	SyscallAccessE           Type = 264
	SyscallAccessX           Type = 265
	SyscallChrootE           Type = 266
	SyscallChrootX           Type = 267
	TracerE                  Type = 268
	TracerX                  Type = 269
	MesosE                   Type = 270
	MesosX                   Type = 271
	ContainerJsonE           Type = 272
	ContainerJsonX           Type = 273
	SyscallSetsidE           Type = 274
	SyscallSetsidX           Type = 275
	SyscallMkdir2E           Type = 276
	SyscallMkdir2X           Type = 277
	SyscallRmdir2E           Type = 278
	SyscallRmdir2X           Type = 279
	NotificationE            Type = 280
	NotificationX            Type = 281
	SyscallExecve17E         Type = 282
	SyscallExecve17X         Type = 283
	SyscallUnshareE          Type = 284
	SyscallUnshareX          Type = 285
	InfrastructureEventE     Type = 286
	InfrastructureEventX     Type = 287
	SyscallExecve18E         Type = 288
	SyscallExecve18X         Type = 289
	PageFaultE               Type = 290
	PageFaultX               Type = 291
	SyscallExecve19E         Type = 292
	SyscallExecve19X         Type = 293
	SyscallSetpgidE          Type = 294
	SyscallSetpgidX          Type = 295
	SyscallBpfE              Type = 296
	SyscallBpfX              Type = 297
	SyscallSeccompE          Type = 298
	SyscallSeccompX          Type = 299
	SyscallUnlink2E          Type = 300
	SyscallUnlink2X          Type = 301
	SyscallUnlinkat2E        Type = 302
	SyscallUnlinkat2X        Type = 303
	SyscallMkdiratE          Type = 304
	SyscallMkdiratX          Type = 305
	SyscallOpenatV2E         Type = 306
	SyscallOpenatV2X         Type = 307
	SyscallLink2E            Type = 308
	SyscallLink2X            Type = 309
	SyscallLinkat2E          Type = 310
	SyscallLinkat2X          Type = 311
	SyscallFchmodatE         Type = 312
	SyscallFchmodatX         Type = 313
	SyscallChmodE            Type = 314
	SyscallChmodX            Type = 315
	SyscallFchmodE           Type = 316
	SyscallFchmodX           Type = 317
	SyscallRenameat2E        Type = 318
	SyscallRenameat2X        Type = 319
	SyscallUserfaultfdE      Type = 320
	SyscallUserfaultfdX      Type = 321
	PlugineventE             Type = 322
	PlugineventX             Type = 323
	ContainerJson2E          Type = 324
	ContainerJson2X          Type = 325
	SyscallOpenat2E          Type = 326
	SyscallOpenat2X          Type = 327
	SyscallMprotectE         Type = 328
	SyscallMprotectX         Type = 329
	SyscallExecveatE         Type = 330
	SyscallExecveatX         Type = 331
	SyscallCopyFileRangeE    Type = 332
	SyscallCopyFileRangeX    Type = 333
	SyscallClone3E           Type = 334
	SyscallClone3X           Type = 335
	SyscallOpenByHandleAtE   Type = 336
	SyscallOpenByHandleAtX   Type = 337
	SyscallIoUringSetupE     Type = 338
	SyscallIoUringSetupX     Type = 339
	SyscallIoUringEnterE     Type = 340
	SyscallIoUringEnterX     Type = 341
	SyscallIoUringRegisterE  Type = 342
	SyscallIoUringRegisterX  Type = 343
	SyscallMlockE            Type = 344
	SyscallMlockX            Type = 345
	SyscallMunlockE          Type = 346
	SyscallMunlockX          Type = 347
	SyscallMlockallE         Type = 348
	SyscallMlockallX         Type = 349
	SyscallMunlockallE       Type = 350
	SyscallMunlockallX       Type = 351
	SyscallCapsetE           Type = 352
	SyscallCapsetX           Type = 353
	UserAddedE               Type = 354
	UserAddedX               Type = 355
	UserDeletedE             Type = 356
	UserDeletedX             Type = 357
	GroupAddedE              Type = 358
	GroupAddedX              Type = 359
	GroupDeletedE            Type = 360
	GroupDeletedX            Type = 361
	SyscallDup2E             Type = 362
	SyscallDup2X             Type = 363
	SyscallDup3E             Type = 364
	SyscallDup3X             Type = 365
	SyscallDup1E             Type = 366
	SyscallDup1X             Type = 367
	SyscallBpf2E             Type = 368
	SyscallBpf2X             Type = 369
	SyscallMlock2E           Type = 370
	SyscallMlock2X           Type = 371
	SyscallFsconfigE         Type = 372
	SyscallFsconfigX         Type = 373
	SyscallEpollCreateE      Type = 374
	SyscallEpollCreateX      Type = 375
	SyscallEpollCreate1E     Type = 376
	SyscallEpollCreate1X     Type = 377
	SyscallChownE            Type = 378
	SyscallChownX            Type = 379
	SyscallLchownE           Type = 380
	SyscallLchownX           Type = 381
	SyscallFchownE           Type = 382
	SyscallFchownX           Type = 383
	SyscallFchownatE         Type = 384
	SyscallFchownatX         Type = 385
	SyscallUmount1E          Type = 386
	SyscallUmount1X          Type = 387
	SocketAccept46E          Type = 388
	SocketAccept46X          Type = 389
	SyscallUmount2E          Type = 390
	SyscallUmount2X          Type = 391
	SyscallPipe2E            Type = 392
	SyscallPipe2X            Type = 393
	SyscallInotifyInit1E     Type = 394
	SyscallInotifyInit1X     Type = 395
	SyscallEventfd2E         Type = 396
	SyscallEventfd2X         Type = 397
	SyscallSignalfd4E        Type = 398
	SyscallSignalfd4X        Type = 399
	SyscallPrctlE            Type = 400
	SyscallPrctlX            Type = 401
	AsynceventE              Type = 402
	AsynceventX              Type = 403
	SyscallMemfdCreateE      Type = 404
	SyscallMemfdCreateX      Type = 405
	SyscallPidfdGetfdE       Type = 406
	SyscallPidfdGetfdX       Type = 407
	SyscallPidfdOpenE        Type = 408
	SyscallPidfdOpenX        Type = 409
	SyscallInitModuleE       Type = 410
	SyscallInitModuleX       Type = 411
	SyscallFinitModuleE      Type = 412
	SyscallFinitModuleX      Type = 413
	SyscallMknodE            Type = 414
	SyscallMknodX            Type = 415
	SyscallMknodatE          Type = 416
	SyscallMknodatX          Type = 417
	SyscallNewfstatatE       Type = 418
	SyscallNewfstatatX       Type = 419
	SyscallProcessVmReadvE   Type = 420
	SyscallProcessVmReadvX   Type = 421
	SyscallProcessVmWritevE  Type = 422
	SyscallProcessVmWritevX  Type = 423
	SyscallDeleteModuleE     Type = 424
	SyscallDeleteModuleX     Type = 425
	SyscallSetreuidE         Type = 426
	SyscallSetreuidX         Type = 427
	SyscallSetregidE         Type = 428
	SyscallSetregidX         Type = 429
	IterTaskE                Type = 430
	IterTaskX                Type = 431
	IterTaskFileSocketInetE  Type = 432
	IterTaskFileSocketInetX  Type = 433
	IterTaskFileSocketInet6E Type = 434
	IterTaskFileSocketInet6X Type = 435
	IterTaskFileSocketUnixE  Type = 436
	IterTaskFileSocketUnixX  Type = 437
	IterTaskFilePipeE        Type = 438
	IterTaskFilePipeX        Type = 439
	IterTaskFileDirectoryE   Type = 440
	IterTaskFileDirectoryX   Type = 441
	IterTaskFileRegularE     Type = 442
	IterTaskFileRegularX     Type = 443
	IterTaskFileAnonInodeE   Type = 444
	IterTaskFileAnonInodeX   Type = 445
	IterTaskFileMemfdE       Type = 446
	IterTaskFileMemfdX       Type = 447
)

// NumTypes is the number of event types in the table (PPM_EVENT_MAX).
const NumTypes = 448

// Table describes every event type, indexed by Type. Rows named "NA" are
// placeholders that no driver emits (the unused half of a pair).
var Table = [NumTypes]Info{
	GenericE: {Name: "syscall", Category: CatOther | CatSyscall, Flags: FlagOldVersion | FlagTmpConverter, Params: []ParamInfo{
		param("ID", PTSyscallID, PFDec),
		param("nativeID", PTUint16, PFDec),
	}},
	GenericX: {Name: "syscall", Category: CatOther | CatSyscall, Flags: FlagTmpConverter, Params: []ParamInfo{
		param("ID", PTSyscallID, PFDec),
		param("nativeID", PTUint16, PFDec),
	}},
	SyscallOpenE: {Name: "open", Category: CatFile | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("name", PTFSPath, PFNA),
		named("flags", PTFlags32, PFHex, FileFlags),
		param("mode", PTUint32, PFOct),
	}},
	SyscallOpenX: {Name: "open", Category: CatFile | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("name", PTFSPath, PFNA),
		named("flags", PTFlags32, PFHex, FileFlags),
		param("mode", PTUint32, PFOct),
		param("dev", PTUint32, PFHex),
		param("ino", PTUint64, PFDec),
	}},
	SyscallCloseE: {Name: "close", Category: CatIOOther | CatSyscall, Flags: FlagOldVersion | FlagDestroysFD | FlagUsesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
	}},
	SyscallCloseX: {Name: "close", Category: CatIOOther | CatSyscall, Flags: FlagDestroysFD | FlagUsesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("fd", PTFD, PFDec),
	}},
	SyscallReadE: {Name: "read", Category: CatIORead | CatSyscall, Flags: FlagOldVersion | FlagUsesFD | FlagReadsFromFD | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("size", PTUint32, PFDec),
	}},
	SyscallReadX: {Name: "read", Category: CatIORead | CatSyscall, Flags: FlagUsesFD | FlagReadsFromFD | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("data", PTBytebuf, PFNA),
		param("fd", PTFD, PFDec),
		param("size", PTUint32, PFDec),
	}},
	SyscallWriteE: {Name: "write", Category: CatIOWrite | CatSyscall, Flags: FlagOldVersion | FlagUsesFD | FlagWritesToFD | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("size", PTUint32, PFDec),
	}},
	SyscallWriteX: {Name: "write", Category: CatIOWrite | CatSyscall, Flags: FlagUsesFD | FlagWritesToFD | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("data", PTBytebuf, PFNA),
		param("fd", PTFD, PFDec),
		param("size", PTUint32, PFDec),
	}},
	SyscallBrk1E: {Name: "brk", Category: CatMemory | CatSyscall, Flags: FlagOldVersion | FlagTmpConverter, Params: []ParamInfo{
		param("size", PTUint32, PFDec),
	}},
	SyscallBrk1X: {Name: "brk", Category: CatMemory | CatSyscall, Flags: FlagOldVersion | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTUint64, PFHex),
	}},
	SyscallExecve8E: {Name: "execve", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagModifiesState | FlagTmpConverter},
	SyscallExecve8X: {Name: "execve", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("exe", PTCharbuf, PFNA),
		param("args", PTBytebuf, PFNA),
		param("tid", PTPid, PFDec),
		param("pid", PTPid, PFDec),
		param("ptid", PTPid, PFDec),
		param("cwd", PTCharbuf, PFNA),
		param("fdlimit", PTUint64, PFDec),
	}},
	SyscallClone11E: {Name: "clone", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagModifiesState},
	SyscallClone11X: {Name: "clone", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTPid, PFDec),
		param("exe", PTCharbuf, PFNA),
		param("args", PTBytebuf, PFNA),
		param("tid", PTPid, PFDec),
		param("pid", PTPid, PFDec),
		param("ptid", PTPid, PFDec),
		param("cwd", PTCharbuf, PFNA),
		param("fdlimit", PTInt64, PFDec),
		named("flags", PTFlags32, PFHex, CloneFlags),
		param("uid", PTUint32, PFDec),
		param("gid", PTUint32, PFDec),
	}},
	ProcexitE: {Name: "procexit", Category: CatProcess | CatTracepoint, Flags: FlagOldVersion | FlagModifiesState | FlagTmpConverter},
	ProcexitX: {Name: "NA", Category: CatUnknown, Flags: FlagUnused},
	SocketSocketE: {Name: "socket", Category: CatNet | CatSyscall, Flags: FlagOldVersion | FlagCreatesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		named("domain", PTEnumFlags32, PFDec, SocketFamilies),
		param("type", PTUint32, PFDec),
		param("proto", PTUint32, PFDec),
	}},
	SocketSocketX: {Name: "socket", Category: CatNet | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		named("domain", PTEnumFlags32, PFDec, SocketFamilies),
		param("type", PTUint32, PFDec),
		param("proto", PTUint32, PFDec),
	}},
	SocketBindE: {Name: "bind", Category: CatNet | CatSyscall, Flags: FlagOldVersion | FlagUsesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
	}},
	SocketBindX: {Name: "bind", Category: CatNet | CatSyscall, Flags: FlagUsesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("addr", PTSockaddr, PFNA),
		param("fd", PTFD, PFDec),
	}},
	SocketConnectE: {Name: "connect", Category: CatNet | CatSyscall, Flags: FlagUsesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("addr", PTSockaddr, PFNA),
	}},
	SocketConnectX: {Name: "connect", Category: CatNet | CatSyscall, Flags: FlagUsesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("tuple", PTSocktuple, PFNA),
		param("fd", PTFD, PFDec),
		param("addr", PTSockaddr, PFNA),
	}},
	SocketListenE: {Name: "listen", Category: CatNet | CatSyscall, Flags: FlagOldVersion | FlagUsesFD | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("backlog", PTInt32, PFDec),
	}},
	SocketListenX: {Name: "listen", Category: CatNet | CatSyscall, Flags: FlagUsesFD | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("fd", PTFD, PFDec),
		param("backlog", PTInt32, PFDec),
	}},
	SocketAcceptE: {Name: "accept", Category: CatNet | CatSyscall, Flags: FlagOldVersion | FlagCreatesFD | FlagModifiesState},
	SocketAcceptX: {Name: "accept", Category: CatNet | CatSyscall, Flags: FlagOldVersion | FlagCreatesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("tuple", PTSocktuple, PFNA),
		param("queuepct", PTUint8, PFDec),
	}},
	SocketSendE: {Name: "send", Category: CatIOWrite | CatSyscall, Flags: FlagOldVersion | FlagUsesFD | FlagWritesToFD | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("size", PTUint32, PFDec),
	}},
	SocketSendX: {Name: "send", Category: CatIOWrite | CatSyscall, Flags: FlagUsesFD | FlagWritesToFD | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("data", PTBytebuf, PFNA),
		param("fd", PTFD, PFDec),
		param("size", PTUint32, PFDec),
		param("tuple", PTSocktuple, PFNA),
	}},
	SocketSendtoE: {Name: "sendto", Category: CatIOWrite | CatSyscall, Flags: FlagOldVersion | FlagUsesFD | FlagWritesToFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("size", PTUint32, PFDec),
		param("tuple", PTSocktuple, PFNA),
	}},
	SocketSendtoX: {Name: "sendto", Category: CatIOWrite | CatSyscall, Flags: FlagUsesFD | FlagWritesToFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("data", PTBytebuf, PFNA),
		param("fd", PTFD, PFDec),
		param("size", PTUint32, PFDec),
		param("tuple", PTSocktuple, PFNA),
	}},
	SocketRecvE: {Name: "recv", Category: CatIORead | CatSyscall, Flags: FlagOldVersion | FlagUsesFD | FlagReadsFromFD | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("size", PTUint32, PFDec),
	}},
	SocketRecvX: {Name: "recv", Category: CatIORead | CatSyscall, Flags: FlagUsesFD | FlagReadsFromFD | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("data", PTBytebuf, PFNA),
		param("fd", PTFD, PFDec),
		param("size", PTUint32, PFDec),
		param("tuple", PTSocktuple, PFNA),
	}},
	SocketRecvfromE: {Name: "recvfrom", Category: CatIORead | CatSyscall, Flags: FlagOldVersion | FlagUsesFD | FlagReadsFromFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("size", PTUint32, PFDec),
	}},
	SocketRecvfromX: {Name: "recvfrom", Category: CatIORead | CatSyscall, Flags: FlagUsesFD | FlagReadsFromFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("data", PTBytebuf, PFNA),
		param("tuple", PTSocktuple, PFNA),
		param("fd", PTFD, PFDec),
		param("size", PTUint32, PFDec),
	}},
	SocketShutdownE: {Name: "shutdown", Category: CatNet | CatSyscall, Flags: FlagOldVersion | FlagUsesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		named("how", PTEnumFlags8, PFHex, ShutdownHow),
	}},
	SocketShutdownX: {Name: "shutdown", Category: CatNet | CatSyscall, Flags: FlagUsesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("fd", PTFD, PFDec),
		named("how", PTEnumFlags8, PFHex, ShutdownHow),
	}},
	SocketGetsocknameE: {Name: "getsockname", Category: CatNet | CatSyscall, Flags: FlagOldVersion},
	SocketGetsocknameX: {Name: "getsockname", Category: CatNet | CatSyscall, Flags: 0},
	SocketGetpeernameE: {Name: "getpeername", Category: CatNet | CatSyscall, Flags: FlagOldVersion},
	SocketGetpeernameX: {Name: "getpeername", Category: CatNet | CatSyscall, Flags: 0},
	SocketSocketpairE: {Name: "socketpair", Category: CatIPC | CatSyscall, Flags: FlagOldVersion | FlagCreatesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		named("domain", PTEnumFlags32, PFDec, SocketFamilies),
		param("type", PTUint32, PFDec),
		param("proto", PTUint32, PFDec),
	}},
	SocketSocketpairX: {Name: "socketpair", Category: CatIPC | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("fd1", PTFD, PFDec),
		param("fd2", PTFD, PFDec),
		param("source", PTUint64, PFHex),
		param("peer", PTUint64, PFHex),
		named("domain", PTEnumFlags32, PFDec, SocketFamilies),
		param("type", PTUint32, PFDec),
		param("proto", PTUint32, PFDec),
	}},
	SocketSetsockoptE: {Name: "setsockopt", Category: CatNet | CatSyscall, Flags: FlagOldVersion},
	SocketSetsockoptX: {Name: "setsockopt", Category: CatNet | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("fd", PTFD, PFDec),
		named("level", PTEnumFlags8, PFDec, SockoptLevels),
		named("optname", PTEnumFlags8, PFDec, SockoptOptions),
		dynParam("val", PFDec, SockoptDynamicParam),
		param("optlen", PTUint32, PFDec),
	}},
	SocketGetsockoptE: {Name: "getsockopt", Category: CatNet | CatSyscall, Flags: FlagOldVersion | FlagModifiesState},
	SocketGetsockoptX: {Name: "getsockopt", Category: CatNet | CatSyscall, Flags: FlagUsesFD | FlagModifiesState, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("fd", PTFD, PFDec),
		named("level", PTEnumFlags8, PFDec, SockoptLevels),
		named("optname", PTEnumFlags8, PFDec, SockoptOptions),
		dynParam("val", PFDec, SockoptDynamicParam),
		param("optlen", PTUint32, PFDec),
	}},
	SocketSendmsgE: {Name: "sendmsg", Category: CatIOWrite | CatSyscall, Flags: FlagOldVersion | FlagUsesFD | FlagWritesToFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("size", PTUint32, PFDec),
		param("tuple", PTSocktuple, PFNA),
	}},
	SocketSendmsgX: {Name: "sendmsg", Category: CatIOWrite | CatSyscall, Flags: FlagUsesFD | FlagWritesToFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("data", PTBytebuf, PFNA),
		param("fd", PTFD, PFDec),
		param("size", PTUint32, PFDec),
		param("tuple", PTSocktuple, PFNA),
	}},
	SocketSendmmsgE: {Name: "sendmmsg", Category: CatIOWrite | CatSyscall, Flags: FlagOldVersion},
	SocketSendmmsgX: {Name: "sendmmsg", Category: CatIOWrite | CatSyscall, Flags: FlagUsesFD | FlagWritesToFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("fd", PTFD, PFDec),
		param("size", PTUint32, PFDec),
		param("data", PTBytebuf, PFNA),
		param("tuple", PTSocktuple, PFNA),
	}},
	SocketRecvmsgE: {Name: "recvmsg", Category: CatIORead | CatSyscall, Flags: FlagOldVersion | FlagUsesFD | FlagReadsFromFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
	}},
	SocketRecvmsgX: {Name: "recvmsg", Category: CatIORead | CatSyscall, Flags: FlagUsesFD | FlagReadsFromFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("size", PTUint32, PFDec),
		param("data", PTBytebuf, PFNA),
		param("tuple", PTSocktuple, PFNA),
		param("msgcontrol", PTBytebuf, PFNA),
		param("fd", PTFD, PFDec),
	}},
	SocketRecvmmsgE: {Name: "recvmmsg", Category: CatIORead | CatSyscall, Flags: FlagOldVersion},
	SocketRecvmmsgX: {Name: "recvmmsg", Category: CatIORead | CatSyscall, Flags: FlagUsesFD | FlagReadsFromFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("fd", PTFD, PFDec),
		param("size", PTUint32, PFDec),
		param("data", PTBytebuf, PFNA),
		param("tuple", PTSocktuple, PFNA),
		param("msgcontrol", PTBytebuf, PFNA),
	}},
	SocketAccept4E: {Name: "accept", Category: CatNet | CatSyscall, Flags: FlagOldVersion | FlagCreatesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("flags", PTInt32, PFHex),
	}},
	SocketAccept4X: {Name: "accept", Category: CatNet | CatSyscall, Flags: FlagOldVersion | FlagCreatesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("tuple", PTSocktuple, PFNA),
		param("queuepct", PTUint8, PFDec),
	}},
	SyscallCreatE: {Name: "creat", Category: CatFile | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("name", PTFSPath, PFNA),
		param("mode", PTUint32, PFOct),
	}},
	SyscallCreatX: {Name: "creat", Category: CatFile | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("name", PTFSPath, PFNA),
		param("mode", PTUint32, PFOct),
		param("dev", PTUint32, PFHex),
		param("ino", PTUint64, PFDec),
		named("creat_flags", PTFlags16, PFHex, CreatFlags),
	}},
	SyscallPipeE: {Name: "pipe", Category: CatIPC | CatSyscall, Flags: FlagOldVersion | FlagCreatesFD | FlagModifiesState},
	SyscallPipeX: {Name: "pipe", Category: CatIPC | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("fd1", PTFD, PFDec),
		param("fd2", PTFD, PFDec),
		param("ino", PTUint64, PFDec),
	}},
	SyscallEventfdE: {Name: "eventfd", Category: CatIPC | CatSyscall, Flags: FlagOldVersion | FlagCreatesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("initval", PTUint64, PFDec),
		param("flags", PTUint32, PFHex),
	}},
	SyscallEventfdX: {Name: "eventfd", Category: CatIPC | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTFD, PFDec),
		param("initval", PTUint64, PFDec),
		param("flags", PTUint32, PFHex),
	}},
	SyscallFutexE: {Name: "futex", Category: CatIPC | CatSyscall, Flags: FlagOldVersion | FlagTmpConverter, Params: []ParamInfo{
		param("addr", PTUint64, PFHex),
		named("op", PTFlags16, PFHex, FutexOperations),
		param("val", PTUint64, PFDec),
	}},
	SyscallFutexX: {Name: "futex", Category: CatIPC | CatSyscall, Flags: FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("addr", PTUint64, PFHex),
		named("op", PTFlags16, PFHex, FutexOperations),
		param("val", PTUint64, PFDec),
	}},
	SyscallStatE: {Name: "stat", Category: CatFile | CatSyscall, Flags: FlagOldVersion},
	SyscallStatX: {Name: "stat", Category: CatFile | CatSyscall, Flags: 0, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("path", PTFSPath, PFNA),
	}},
	SyscallLstatE: {Name: "lstat", Category: CatFile | CatSyscall, Flags: FlagOldVersion},
	SyscallLstatX: {Name: "lstat", Category: CatFile | CatSyscall, Flags: 0, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("path", PTFSPath, PFNA),
	}},
	SyscallFstatE: {Name: "fstat", Category: CatFile | CatSyscall, Flags: FlagOldVersion | FlagUsesFD | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFNA),
	}},
	SyscallFstatX: {Name: "fstat", Category: CatFile | CatSyscall, Flags: FlagUsesFD | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("fd", PTFD, PFNA),
	}},
	SyscallStat64E: {Name: "stat64", Category: CatFile | CatSyscall, Flags: FlagOldVersion},
	SyscallStat64X: {Name: "stat64", Category: CatFile | CatSyscall, Flags: 0, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("path", PTFSPath, PFNA),
	}},
	SyscallLstat64E: {Name: "lstat64", Category: CatFile | CatSyscall, Flags: FlagOldVersion},
	SyscallLstat64X: {Name: "lstat64", Category: CatFile | CatSyscall, Flags: 0, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("path", PTFSPath, PFNA),
	}},
	SyscallFstat64E: {Name: "fstat64", Category: CatFile | CatSyscall, Flags: FlagOldVersion | FlagUsesFD, Params: []ParamInfo{
		param("fd", PTFD, PFNA),
	}},
	SyscallFstat64X: {Name: "fstat64", Category: CatFile | CatSyscall, Flags: 0, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
	}},
	SyscallEpollwaitE: {Name: "epoll_wait", Category: CatWait | CatSyscall, Flags: FlagOldVersion | FlagWaits | FlagTmpConverter, Params: []ParamInfo{
		param("maxevents", PTErrno, PFDec),
	}},
	SyscallEpollwaitX: {Name: "epoll_wait", Category: CatWait | CatSyscall, Flags: FlagWaits | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("maxevents", PTErrno, PFDec),
	}},
	SyscallPollE: {Name: "poll", Category: CatWait | CatSyscall, Flags: FlagOldVersion | FlagWaits | FlagTmpConverter, Params: []ParamInfo{
		param("fds", PTFDList, PFDec),
		param("timeout", PTInt64, PFDec),
	}},
	SyscallPollX: {Name: "poll", Category: CatWait | CatSyscall, Flags: FlagWaits | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("fds", PTFDList, PFDec),
		param("timeout", PTInt64, PFDec),
	}},
	SyscallSelectE: {Name: "select", Category: CatWait | CatSyscall, Flags: FlagOldVersion | FlagWaits},
	SyscallSelectX: {Name: "select", Category: CatWait | CatSyscall, Flags: FlagWaits, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
	}},
	SyscallNewselectE: {Name: "select", Category: CatWait | CatSyscall, Flags: FlagOldVersion | FlagWaits},
	SyscallNewselectX: {Name: "select", Category: CatWait | CatSyscall, Flags: FlagOldVersion | FlagWaits | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
	}},
	SyscallLseekE: {Name: "lseek", Category: CatFile | CatSyscall, Flags: FlagOldVersion | FlagUsesFD | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("offset", PTUint64, PFDec),
		named("whence", PTEnumFlags8, PFDec, LseekWhence),
	}},
	SyscallLseekX: {Name: "lseek", Category: CatFile | CatSyscall, Flags: FlagUsesFD | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("fd", PTFD, PFDec),
		param("offset", PTUint64, PFDec),
		named("whence", PTEnumFlags8, PFDec, LseekWhence),
	}},
	SyscallLlseekE: {Name: "llseek", Category: CatFile | CatSyscall, Flags: FlagOldVersion | FlagUsesFD | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("offset", PTUint64, PFDec),
		named("whence", PTEnumFlags8, PFDec, LseekWhence),
	}},
	SyscallLlseekX: {Name: "llseek", Category: CatFile | CatSyscall, Flags: FlagUsesFD | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("fd", PTFD, PFDec),
		param("offset", PTUint64, PFDec),
		named("whence", PTEnumFlags8, PFDec, LseekWhence),
	}},
	SyscallIoctl2E: {Name: "ioctl", Category: CatIOOther | CatSyscall, Flags: FlagOldVersion | FlagUsesFD | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("request", PTUint64, PFHex),
	}},
	SyscallIoctl2X: {Name: "ioctl", Category: CatIOOther | CatSyscall, Flags: FlagOldVersion | FlagUsesFD | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
	}},
	SyscallGetcwdE: {Name: "getcwd", Category: CatFile | CatSyscall, Flags: FlagOldVersion},
	SyscallGetcwdX: {Name: "getcwd", Category: CatFile | CatSyscall, Flags: 0, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("path", PTCharbuf, PFNA),
	}},
	SyscallChdirE: {Name: "chdir", Category: CatFile | CatSyscall, Flags: FlagOldVersion | FlagModifiesState},
	SyscallChdirX: {Name: "chdir", Category: CatFile | CatSyscall, Flags: FlagModifiesState, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("path", PTCharbuf, PFNA),
	}},
	SyscallFchdirE: {Name: "fchdir", Category: CatFile | CatSyscall, Flags: FlagOldVersion | FlagUsesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFNA),
	}},
	SyscallFchdirX: {Name: "fchdir", Category: CatFile | CatSyscall, Flags: FlagUsesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("fd", PTFD, PFNA),
	}},
	SyscallMkdirE: {Name: "mkdir", Category: CatFile | CatSyscall, Flags: FlagOldVersion | FlagTmpConverter, Params: []ParamInfo{
		param("path", PTFSPath, PFNA),
		param("mode", PTUint32, PFHex),
	}},
	SyscallMkdirX: {Name: "mkdir", Category: CatFile | CatSyscall, Flags: FlagOldVersion | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
	}},
	SyscallRmdirE: {Name: "rmdir", Category: CatFile | CatSyscall, Flags: FlagOldVersion | FlagTmpConverter, Params: []ParamInfo{
		param("path", PTFSPath, PFNA),
	}},
	SyscallRmdirX: {Name: "rmdir", Category: CatFile | CatSyscall, Flags: FlagOldVersion | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
	}},
	SyscallOpenatE: {Name: "openat", Category: CatFile | CatSyscall, Flags: FlagOldVersion | FlagCreatesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("dirfd", PTFD, PFDec),
		param("name", PTCharbuf, PFNA),
		named("flags", PTFlags32, PFHex, FileFlags),
		param("mode", PTUint32, PFOct),
	}},
	SyscallOpenatX: {Name: "openat", Category: CatFile | CatSyscall, Flags: FlagOldVersion | FlagCreatesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
	}},
	SyscallLinkE: {Name: "link", Category: CatFile | CatSyscall, Flags: FlagOldVersion | FlagTmpConverter, Params: []ParamInfo{
		param("oldpath", PTFSPath, PFNA),
		param("newpath", PTFSPath, PFNA),
	}},
	SyscallLinkX: {Name: "link", Category: CatFile | CatSyscall, Flags: FlagOldVersion | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
	}},
	SyscallLinkatE: {Name: "linkat", Category: CatFile | CatSyscall, Flags: FlagOldVersion | FlagTmpConverter, Params: []ParamInfo{
		param("olddir", PTFD, PFDec),
		param("oldpath", PTCharbuf, PFNA),
		param("newdir", PTFD, PFDec),
		param("newpath", PTCharbuf, PFNA),
	}},
	SyscallLinkatX: {Name: "linkat", Category: CatFile | CatSyscall, Flags: FlagOldVersion | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
	}},
	SyscallUnlinkE: {Name: "unlink", Category: CatFile | CatSyscall, Flags: FlagOldVersion | FlagTmpConverter, Params: []ParamInfo{
		param("path", PTFSPath, PFNA),
	}},
	SyscallUnlinkX: {Name: "unlink", Category: CatFile | CatSyscall, Flags: FlagOldVersion | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
	}},
	SyscallUnlinkatE: {Name: "unlinkat", Category: CatFile | CatSyscall, Flags: FlagOldVersion | FlagTmpConverter, Params: []ParamInfo{
		param("dirfd", PTFD, PFDec),
		param("name", PTCharbuf, PFNA),
	}},
	SyscallUnlinkatX: {Name: "unlinkat", Category: CatFile | CatSyscall, Flags: FlagOldVersion | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
	}},
	SyscallPreadE: {Name: "pread", Category: CatIORead | CatSyscall, Flags: FlagOldVersion | FlagUsesFD | FlagReadsFromFD | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("size", PTUint32, PFDec),
		param("pos", PTUint64, PFDec),
	}},
	SyscallPreadX: {Name: "pread", Category: CatIORead | CatSyscall, Flags: FlagUsesFD | FlagReadsFromFD | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("data", PTBytebuf, PFNA),
		param("fd", PTFD, PFDec),
		param("size", PTUint32, PFDec),
		param("pos", PTUint64, PFDec),
	}},
	SyscallPwriteE: {Name: "pwrite", Category: CatIOWrite | CatSyscall, Flags: FlagOldVersion | FlagUsesFD | FlagWritesToFD | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("size", PTUint32, PFDec),
		param("pos", PTUint64, PFDec),
	}},
	SyscallPwriteX: {Name: "pwrite", Category: CatIOWrite | CatSyscall, Flags: FlagUsesFD | FlagWritesToFD | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("data", PTBytebuf, PFNA),
		param("fd", PTFD, PFDec),
		param("size", PTUint32, PFDec),
		param("pos", PTUint64, PFDec),
	}},
	SyscallReadvE: {Name: "readv", Category: CatIORead | CatSyscall, Flags: FlagOldVersion | FlagUsesFD | FlagReadsFromFD | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
	}},
	SyscallReadvX: {Name: "readv", Category: CatIORead | CatSyscall, Flags: FlagUsesFD | FlagReadsFromFD | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("size", PTUint32, PFDec),
		param("data", PTBytebuf, PFNA),
		param("fd", PTFD, PFDec),
	}},
	SyscallWritevE: {Name: "writev", Category: CatIOWrite | CatSyscall, Flags: FlagOldVersion | FlagUsesFD | FlagWritesToFD | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("size", PTUint32, PFDec),
	}},
	SyscallWritevX: {Name: "writev", Category: CatIOWrite | CatSyscall, Flags: FlagUsesFD | FlagWritesToFD | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("data", PTBytebuf, PFNA),
		param("fd", PTFD, PFDec),
		param("size", PTUint32, PFDec),
	}},
	SyscallPreadvE: {Name: "preadv", Category: CatIORead | CatSyscall, Flags: FlagOldVersion | FlagUsesFD | FlagReadsFromFD | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("pos", PTUint64, PFDec),
	}},
	SyscallPreadvX: {Name: "preadv", Category: CatIORead | CatSyscall, Flags: FlagUsesFD | FlagReadsFromFD | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("size", PTUint32, PFDec),
		param("data", PTBytebuf, PFNA),
		param("fd", PTFD, PFDec),
		param("pos", PTUint64, PFDec),
	}},
	SyscallPwritevE: {Name: "pwritev", Category: CatIOWrite | CatSyscall, Flags: FlagOldVersion | FlagUsesFD | FlagWritesToFD | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("size", PTUint32, PFDec),
		param("pos", PTUint64, PFDec),
	}},
	SyscallPwritevX: {Name: "pwritev", Category: CatIOWrite | CatSyscall, Flags: FlagUsesFD | FlagWritesToFD | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("data", PTBytebuf, PFNA),
		param("fd", PTFD, PFDec),
		param("size", PTUint32, PFDec),
		param("pos", PTUint64, PFDec),
	}},
	SyscallDupE: {Name: "dup", Category: CatIOOther | CatSyscall, Flags: FlagOldVersion | FlagCreatesFD | FlagUsesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
	}},
	SyscallDupX: {Name: "dup", Category: CatIOOther | CatSyscall, Flags: FlagOldVersion | FlagCreatesFD | FlagUsesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTFD, PFDec),
	}},
	SyscallSignalfdE: {Name: "signalfd", Category: CatSignal | CatSyscall, Flags: FlagOldVersion | FlagCreatesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("mask", PTUint32, PFHex),
		param("flags", PTUint8, PFHex),
	}},
	SyscallSignalfdX: {Name: "signalfd", Category: CatSignal | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTFD, PFDec),
		param("fd", PTFD, PFDec),
		param("mask", PTUint32, PFHex),
		param("flags", PTUint8, PFHex),
	}},
	SyscallKillE: {Name: "kill", Category: CatSignal | CatSyscall, Flags: FlagOldVersion | FlagTmpConverter, Params: []ParamInfo{
		param("pid", PTPid, PFDec),
		param("sig", PTSigType, PFDec),
	}},
	SyscallKillX: {Name: "kill", Category: CatSignal | CatSyscall, Flags: FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("pid", PTPid, PFDec),
		param("sig", PTSigType, PFDec),
	}},
	SyscallTkillE: {Name: "tkill", Category: CatSignal | CatSyscall, Flags: FlagOldVersion | FlagTmpConverter, Params: []ParamInfo{
		param("tid", PTPid, PFDec),
		param("sig", PTSigType, PFDec),
	}},
	SyscallTkillX: {Name: "tkill", Category: CatSignal | CatSyscall, Flags: FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("tid", PTPid, PFDec),
		param("sig", PTSigType, PFDec),
	}},
	SyscallTgkillE: {Name: "tgkill", Category: CatSignal | CatSyscall, Flags: FlagOldVersion | FlagTmpConverter, Params: []ParamInfo{
		param("pid", PTPid, PFDec),
		param("tid", PTPid, PFDec),
		param("sig", PTSigType, PFDec),
	}},
	SyscallTgkillX: {Name: "tgkill", Category: CatSignal | CatSyscall, Flags: FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("pid", PTPid, PFDec),
		param("tid", PTPid, PFDec),
		param("sig", PTSigType, PFDec),
	}},
	SyscallNanosleepE: {Name: "nanosleep", Category: CatSleep | CatSyscall, Flags: FlagOldVersion | FlagWaits | FlagTmpConverter, Params: []ParamInfo{
		param("interval", PTRelTime, PFDec),
	}},
	SyscallNanosleepX: {Name: "nanosleep", Category: CatSleep | CatSyscall, Flags: FlagWaits | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("interval", PTRelTime, PFDec),
	}},
	SyscallTimerfdCreateE: {Name: "timerfd_create", Category: CatTime | CatSyscall, Flags: FlagOldVersion | FlagCreatesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("clockid", PTUint8, PFDec),
		param("flags", PTUint8, PFHex),
	}},
	SyscallTimerfdCreateX: {Name: "timerfd_create", Category: CatTime | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTFD, PFDec),
		param("clockid", PTUint8, PFDec),
		param("flags", PTUint8, PFHex),
	}},
	SyscallInotifyInitE: {Name: "inotify_init", Category: CatIPC | CatSyscall, Flags: FlagOldVersion | FlagCreatesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("flags", PTUint8, PFHex),
	}},
	SyscallInotifyInitX: {Name: "inotify_init", Category: CatIPC | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTFD, PFDec),
		param("flags", PTUint8, PFHex),
	}},
	SyscallGetrlimitE: {Name: "getrlimit", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagTmpConverter, Params: []ParamInfo{
		named("resource", PTEnumFlags8, PFDec, RlimitResources),
	}},
	SyscallGetrlimitX: {Name: "getrlimit", Category: CatProcess | CatSyscall, Flags: FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("cur", PTInt64, PFDec),
		param("max", PTInt64, PFDec),
		named("resource", PTEnumFlags8, PFDec, RlimitResources),
	}},
	SyscallSetrlimitE: {Name: "setrlimit", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagTmpConverter, Params: []ParamInfo{
		named("resource", PTEnumFlags8, PFDec, RlimitResources),
	}},
	SyscallSetrlimitX: {Name: "setrlimit", Category: CatProcess | CatSyscall, Flags: FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("cur", PTInt64, PFDec),
		param("max", PTInt64, PFDec),
		named("resource", PTEnumFlags8, PFDec, RlimitResources),
	}},
	SyscallPrlimitE: {Name: "prlimit", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagTmpConverter, Params: []ParamInfo{
		param("pid", PTPid, PFDec),
		named("resource", PTEnumFlags8, PFDec, RlimitResources),
	}},
	SyscallPrlimitX: {Name: "prlimit", Category: CatProcess | CatSyscall, Flags: FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("newcur", PTInt64, PFDec),
		param("newmax", PTInt64, PFDec),
		param("oldcur", PTInt64, PFDec),
		param("oldmax", PTInt64, PFDec),
		param("pid", PTInt64, PFDec),
		named("resource", PTEnumFlags8, PFDec, RlimitResources),
	}},
	Schedswitch1E: {Name: "switch", Category: CatScheduler | CatTracepoint, Flags: FlagOldVersion | FlagSkipParseReset | FlagTmpConverter, Params: []ParamInfo{
		param("next", PTPid, PFDec),
	}},
	Schedswitch1X: {Name: "NA", Category: CatUnknown, Flags: FlagUnused},
	DropE: {Name: "drop", Category: CatInternal | CatMetaevent, Flags: FlagSkipParseReset, Params: []ParamInfo{
		param("ratio", PTUint32, PFDec),
	}},
	DropX: {Name: "drop", Category: CatInternal | CatMetaevent, Flags: FlagSkipParseReset, Params: []ParamInfo{
		param("ratio", PTUint32, PFDec),
	}},
	SyscallFcntlE: {Name: "fcntl", Category: CatIOOther | CatSyscall, Flags: FlagOldVersion | FlagUsesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		named("cmd", PTEnumFlags8, PFDec, FcntlCommands),
	}},
	SyscallFcntlX: {Name: "fcntl", Category: CatIOOther | CatSyscall, Flags: FlagUsesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTFD, PFDec),
		param("fd", PTFD, PFDec),
		named("cmd", PTEnumFlags8, PFDec, FcntlCommands),
	}},
	Schedswitch6E: {Name: "switch", Category: CatScheduler | CatTracepoint, Flags: 0, Params: []ParamInfo{
		param("next", PTPid, PFDec),
		param("pgft_maj", PTUint64, PFDec),
		param("pgft_min", PTUint64, PFDec),
		param("vm_size", PTUint32, PFDec),
		param("vm_rss", PTUint32, PFDec),
		param("vm_swap", PTUint32, PFDec),
	}},
	Schedswitch6X:    {Name: "NA", Category: CatUnknown, Flags: FlagUnused},
	SyscallExecve13E: {Name: "execve", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagModifiesState | FlagTmpConverter},
	SyscallExecve13X: {Name: "execve", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("exe", PTCharbuf, PFNA),
		param("args", PTBytebuf, PFNA),
		param("tid", PTPid, PFDec),
		param("pid", PTPid, PFDec),
		param("ptid", PTPid, PFDec),
		param("cwd", PTCharbuf, PFNA),
		param("fdlimit", PTUint64, PFDec),
		param("pgft_maj", PTUint64, PFDec),
		param("pgft_min", PTUint64, PFDec),
		param("vm_size", PTUint32, PFDec),
		param("vm_rss", PTUint32, PFDec),
		param("vm_swap", PTUint32, PFDec),
	}},
	SyscallClone16E: {Name: "clone", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagModifiesState},
	SyscallClone16X: {Name: "clone", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTPid, PFDec),
		param("exe", PTCharbuf, PFNA),
		param("args", PTBytebuf, PFNA),
		param("tid", PTPid, PFDec),
		param("pid", PTPid, PFDec),
		param("ptid", PTPid, PFDec),
		param("cwd", PTCharbuf, PFNA),
		param("fdlimit", PTInt64, PFDec),
		param("pgft_maj", PTUint64, PFDec),
		param("pgft_min", PTUint64, PFDec),
		param("vm_size", PTUint32, PFDec),
		param("vm_rss", PTUint32, PFDec),
		param("vm_swap", PTUint32, PFDec),
		named("flags", PTFlags32, PFHex, CloneFlags),
		param("uid", PTUint32, PFDec),
		param("gid", PTUint32, PFDec),
	}},
	SyscallBrk4E: {Name: "brk", Category: CatMemory | CatSyscall, Flags: FlagOldVersion | FlagTmpConverter, Params: []ParamInfo{
		param("addr", PTUint64, PFHex),
	}},
	SyscallBrk4X: {Name: "brk", Category: CatMemory | CatSyscall, Flags: FlagTmpConverter, Params: []ParamInfo{
		param("res", PTUint64, PFHex),
		param("vm_size", PTUint32, PFDec),
		param("vm_rss", PTUint32, PFDec),
		param("vm_swap", PTUint32, PFDec),
		param("addr", PTUint64, PFHex),
	}},
	SyscallMmapE: {Name: "mmap", Category: CatMemory | CatSyscall, Flags: FlagOldVersion | FlagUsesFD | FlagTmpConverter, Params: []ParamInfo{
		param("addr", PTUint64, PFHex),
		param("length", PTUint64, PFDec),
		named("prot", PTFlags32, PFHex, ProtFlags),
		named("flags", PTFlags32, PFHex, MmapFlags),
		param("fd", PTFD, PFDec),
		param("offset", PTUint64, PFDec),
	}},
	SyscallMmapX: {Name: "mmap", Category: CatMemory | CatSyscall, Flags: FlagUsesFD | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFHex),
		param("vm_size", PTUint32, PFDec),
		param("vm_rss", PTUint32, PFDec),
		param("vm_swap", PTUint32, PFDec),
		param("addr", PTUint64, PFHex),
		param("length", PTUint64, PFDec),
		named("prot", PTFlags32, PFHex, ProtFlags),
		named("flags", PTFlags32, PFHex, MmapFlags),
		param("fd", PTFD, PFDec),
		param("offset", PTUint64, PFDec),
	}},
	SyscallMmap2E: {Name: "mmap2", Category: CatMemory | CatSyscall, Flags: FlagOldVersion | FlagUsesFD | FlagTmpConverter, Params: []ParamInfo{
		param("addr", PTUint64, PFHex),
		param("length", PTUint64, PFDec),
		named("prot", PTFlags32, PFHex, ProtFlags),
		named("flags", PTFlags32, PFHex, MmapFlags),
		param("fd", PTFD, PFDec),
		param("pgoffset", PTUint64, PFDec),
	}},
	SyscallMmap2X: {Name: "mmap2", Category: CatMemory | CatSyscall, Flags: FlagUsesFD | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFHex),
		param("vm_size", PTUint32, PFDec),
		param("vm_rss", PTUint32, PFDec),
		param("vm_swap", PTUint32, PFDec),
		param("addr", PTUint64, PFHex),
		param("length", PTUint64, PFDec),
		named("prot", PTFlags32, PFHex, ProtFlags),
		named("flags", PTFlags32, PFHex, MmapFlags),
		param("fd", PTFD, PFDec),
		param("pgoffset", PTUint64, PFDec),
	}},
	SyscallMunmapE: {Name: "munmap", Category: CatMemory | CatSyscall, Flags: FlagOldVersion | FlagTmpConverter, Params: []ParamInfo{
		param("addr", PTUint64, PFHex),
		param("length", PTUint64, PFDec),
	}},
	SyscallMunmapX: {Name: "munmap", Category: CatMemory | CatSyscall, Flags: FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("vm_size", PTUint32, PFDec),
		param("vm_rss", PTUint32, PFDec),
		param("vm_swap", PTUint32, PFDec),
		param("addr", PTUint64, PFHex),
		param("length", PTUint64, PFDec),
	}},
	SyscallSpliceE: {Name: "splice", Category: CatIOOther | CatSyscall, Flags: FlagOldVersion | FlagUsesFD | FlagTmpConverter, Params: []ParamInfo{
		param("fd_in", PTFD, PFDec),
		param("fd_out", PTFD, PFDec),
		param("size", PTUint64, PFDec),
		named("flags", PTFlags32, PFHex, SpliceFlags),
	}},
	SyscallSpliceX: {Name: "splice", Category: CatIOOther | CatSyscall, Flags: FlagUsesFD | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("fd_in", PTFD, PFDec),
		param("fd_out", PTFD, PFDec),
		param("size", PTUint64, PFDec),
		named("flags", PTFlags32, PFHex, SpliceFlags),
	}},
	SyscallPtraceE: {Name: "ptrace", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagTmpConverter, Params: []ParamInfo{
		named("request", PTEnumFlags16, PFDec, PtraceRequests),
		param("pid", PTPid, PFDec),
	}},
	SyscallPtraceX: {Name: "ptrace", Category: CatProcess | CatSyscall, Flags: FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		dynParam("addr", PFHex, PtraceDynamicParam),
		dynParam("data", PFHex, PtraceDynamicParam),
		named("request", PTEnumFlags16, PFDec, PtraceRequests),
		param("pid", PTPid, PFDec),
	}},
	SyscallIoctl3E: {Name: "ioctl", Category: CatIOOther | CatSyscall, Flags: FlagOldVersion | FlagUsesFD | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("request", PTUint64, PFHex),
		param("argument", PTUint64, PFHex),
	}},
	SyscallIoctl3X: {Name: "ioctl", Category: CatIOOther | CatSyscall, Flags: FlagUsesFD | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("fd", PTFD, PFDec),
		param("request", PTUint64, PFHex),
		param("argument", PTUint64, PFHex),
	}},
	SyscallExecve14E: {Name: "execve", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagModifiesState | FlagTmpConverter},
	SyscallExecve14X: {Name: "execve", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("exe", PTCharbuf, PFNA),
		param("args", PTBytebuf, PFNA),
		param("tid", PTPid, PFDec),
		param("pid", PTPid, PFDec),
		param("ptid", PTPid, PFDec),
		param("cwd", PTCharbuf, PFNA),
		param("fdlimit", PTUint64, PFDec),
		param("pgft_maj", PTUint64, PFDec),
		param("pgft_min", PTUint64, PFDec),
		param("vm_size", PTUint32, PFDec),
		param("vm_rss", PTUint32, PFDec),
		param("vm_swap", PTUint32, PFDec),
		param("env", PTBytebuf, PFNA),
	}},
	SyscallRenameE: {Name: "rename", Category: CatFile | CatSyscall, Flags: FlagOldVersion},
	SyscallRenameX: {Name: "rename", Category: CatFile | CatSyscall, Flags: 0, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("oldpath", PTFSPath, PFNA),
		param("newpath", PTFSPath, PFNA),
	}},
	SyscallRenameatE: {Name: "renameat", Category: CatFile | CatSyscall, Flags: FlagOldVersion},
	SyscallRenameatX: {Name: "renameat", Category: CatFile | CatSyscall, Flags: 0, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("olddirfd", PTFD, PFDec),
		relPath("oldpath", 1),
		param("newdirfd", PTFD, PFDec),
		relPath("newpath", 3),
	}},
	SyscallSymlinkE: {Name: "symlink", Category: CatFile | CatSyscall, Flags: FlagOldVersion},
	SyscallSymlinkX: {Name: "symlink", Category: CatFile | CatSyscall, Flags: 0, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("target", PTCharbuf, PFNA),
		param("linkpath", PTFSPath, PFNA),
	}},
	SyscallSymlinkatE: {Name: "symlinkat", Category: CatFile | CatSyscall, Flags: FlagOldVersion},
	SyscallSymlinkatX: {Name: "symlinkat", Category: CatFile | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("target", PTCharbuf, PFNA),
		param("linkdirfd", PTFD, PFDec),
		relPath("linkpath", 2),
	}},
	SyscallForkE: {Name: "fork", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagModifiesState},
	SyscallForkX: {Name: "fork", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTPid, PFDec),
		param("exe", PTCharbuf, PFNA),
		param("args", PTBytebuf, PFNA),
		param("tid", PTPid, PFDec),
		param("pid", PTPid, PFDec),
		param("ptid", PTPid, PFDec),
		param("cwd", PTCharbuf, PFNA),
		param("fdlimit", PTInt64, PFDec),
		param("pgft_maj", PTUint64, PFDec),
		param("pgft_min", PTUint64, PFDec),
		param("vm_size", PTUint32, PFDec),
		param("vm_rss", PTUint32, PFDec),
		param("vm_swap", PTUint32, PFDec),
		named("flags", PTFlags32, PFHex, CloneFlags),
		param("uid", PTUint32, PFDec),
		param("gid", PTUint32, PFDec),
	}},
	SyscallVforkE: {Name: "vfork", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagModifiesState},
	SyscallVforkX: {Name: "vfork", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTPid, PFDec),
		param("exe", PTCharbuf, PFNA),
		param("args", PTBytebuf, PFNA),
		param("tid", PTPid, PFDec),
		param("pid", PTPid, PFDec),
		param("ptid", PTPid, PFDec),
		param("cwd", PTCharbuf, PFNA),
		param("fdlimit", PTInt64, PFDec),
		param("pgft_maj", PTUint64, PFDec),
		param("pgft_min", PTUint64, PFDec),
		param("vm_size", PTUint32, PFDec),
		param("vm_rss", PTUint32, PFDec),
		param("vm_swap", PTUint32, PFDec),
		named("flags", PTFlags32, PFHex, CloneFlags),
		param("uid", PTUint32, PFDec),
		param("gid", PTUint32, PFDec),
	}},
	Procexit1E: {Name: "procexit", Category: CatProcess | CatTracepoint, Flags: FlagModifiesState, Params: []ParamInfo{
		param("status", PTErrno, PFDec),
		param("ret", PTErrno, PFDec),
		param("sig", PTSigType, PFDec),
		param("core", PTUint8, PFDec),
		param("reaper_tid", PTPid, PFDec),
	}},
	Procexit1X: {Name: "NA", Category: CatUnknown, Flags: FlagUnused},
	SyscallSendfileE: {Name: "sendfile", Category: CatIOWrite | CatSyscall, Flags: FlagOldVersion | FlagUsesFD | FlagTmpConverter, Params: []ParamInfo{
		param("out_fd", PTFD, PFDec),
		param("in_fd", PTFD, PFDec),
		param("offset", PTUint64, PFDec),
		param("size", PTUint64, PFDec),
	}},
	SyscallSendfileX: {Name: "sendfile", Category: CatIOWrite | CatSyscall, Flags: FlagUsesFD | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("offset", PTUint64, PFDec),
		param("out_fd", PTFD, PFDec),
		param("in_fd", PTFD, PFDec),
		param("size", PTUint64, PFDec),
	}},
	SyscallQuotactlE: {Name: "quotactl", Category: CatUser | CatSyscall, Flags: FlagOldVersion | FlagTmpConverter, Params: []ParamInfo{
		named("cmd", PTFlags16, PFDec, QuotactlCmds),
		named("type", PTFlags8, PFDec, QuotactlTypes),
		param("id", PTUint32, PFDec),
		named("quota_fmt", PTFlags8, PFDec, QuotactlQuotaFmts),
	}},
	SyscallQuotactlX: {Name: "quotactl", Category: CatUser | CatSyscall, Flags: FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("special", PTCharbuf, PFNA),
		param("quotafilepath", PTCharbuf, PFNA),
		param("dqb_bhardlimit", PTUint64, PFDec),
		param("dqb_bsoftlimit", PTUint64, PFDec),
		param("dqb_curspace", PTUint64, PFDec),
		param("dqb_ihardlimit", PTUint64, PFDec),
		param("dqb_isoftlimit", PTUint64, PFDec),
		param("dqb_btime", PTRelTime, PFDec),
		param("dqb_itime", PTRelTime, PFDec),
		param("dqi_bgrace", PTRelTime, PFDec),
		param("dqi_igrace", PTRelTime, PFDec),
		named("dqi_flags", PTFlags8, PFDec, QuotactlDqiFlags),
		named("quota_fmt_out", PTFlags8, PFDec, QuotactlQuotaFmts),
		named("cmd", PTFlags16, PFDec, QuotactlCmds),
		named("type", PTFlags8, PFDec, QuotactlTypes),
		param("id", PTUint32, PFDec),
		named("quota_fmt", PTFlags8, PFDec, QuotactlQuotaFmts),
	}},
	SyscallSetresuidE: {Name: "setresuid", Category: CatUser | CatSyscall, Flags: FlagOldVersion | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("ruid", PTUID, PFDec),
		param("euid", PTUID, PFDec),
		param("suid", PTUID, PFDec),
	}},
	SyscallSetresuidX: {Name: "setresuid", Category: CatUser | CatSyscall, Flags: FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("ruid", PTUID, PFDec),
		param("euid", PTUID, PFDec),
		param("suid", PTUID, PFDec),
	}},
	SyscallSetresgidE: {Name: "setresgid", Category: CatUser | CatSyscall, Flags: FlagOldVersion | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("rgid", PTGID, PFDec),
		param("egid", PTGID, PFDec),
		param("sgid", PTGID, PFDec),
	}},
	SyscallSetresgidX: {Name: "setresgid", Category: CatUser | CatSyscall, Flags: FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("rgid", PTGID, PFDec),
		param("egid", PTGID, PFDec),
		param("sgid", PTGID, PFDec),
	}},
	ScapeventE: {Name: "scapevent", Category: CatInternal | CatMetaevent, Flags: FlagSkipParseReset, Params: []ParamInfo{
		param("event_type", PTUint32, PFDec),
		param("event_data", PTUint64, PFDec),
	}},
	ScapeventX: {Name: "NA", Category: CatUnknown, Flags: FlagUnused},
	SyscallSetuidE: {Name: "setuid", Category: CatUser | CatSyscall, Flags: FlagOldVersion | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("uid", PTUID, PFDec),
	}},
	SyscallSetuidX: {Name: "setuid", Category: CatUser | CatSyscall, Flags: FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("uid", PTUID, PFDec),
	}},
	SyscallSetgidE: {Name: "setgid", Category: CatUser | CatSyscall, Flags: FlagOldVersion | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("gid", PTGID, PFDec),
	}},
	SyscallSetgidX: {Name: "setgid", Category: CatUser | CatSyscall, Flags: FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("gid", PTGID, PFDec),
	}},
	SyscallGetuidE: {Name: "getuid", Category: CatUser | CatSyscall, Flags: FlagOldVersion},
	SyscallGetuidX: {Name: "getuid", Category: CatUser | CatSyscall, Flags: 0, Params: []ParamInfo{
		param("uid", PTUID, PFDec),
	}},
	SyscallGeteuidE: {Name: "geteuid", Category: CatUser | CatSyscall, Flags: FlagOldVersion},
	SyscallGeteuidX: {Name: "geteuid", Category: CatUser | CatSyscall, Flags: 0, Params: []ParamInfo{
		param("euid", PTUID, PFDec),
	}},
	SyscallGetgidE: {Name: "getgid", Category: CatUser | CatSyscall, Flags: FlagOldVersion},
	SyscallGetgidX: {Name: "getgid", Category: CatUser | CatSyscall, Flags: 0, Params: []ParamInfo{
		param("gid", PTGID, PFDec),
	}},
	SyscallGetegidE: {Name: "getegid", Category: CatUser | CatSyscall, Flags: FlagOldVersion},
	SyscallGetegidX: {Name: "getegid", Category: CatUser | CatSyscall, Flags: 0, Params: []ParamInfo{
		param("egid", PTGID, PFDec),
	}},
	SyscallGetresuidE: {Name: "getresuid", Category: CatUser | CatSyscall, Flags: FlagOldVersion},
	SyscallGetresuidX: {Name: "getresuid", Category: CatUser | CatSyscall, Flags: 0, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("ruid", PTUID, PFDec),
		param("euid", PTUID, PFDec),
		param("suid", PTUID, PFDec),
	}},
	SyscallGetresgidE: {Name: "getresgid", Category: CatUser | CatSyscall, Flags: FlagOldVersion},
	SyscallGetresgidX: {Name: "getresgid", Category: CatUser | CatSyscall, Flags: 0, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("rgid", PTGID, PFDec),
		param("egid", PTGID, PFDec),
		param("sgid", PTGID, PFDec),
	}},
	SyscallExecve15E: {Name: "execve", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagModifiesState | FlagTmpConverter},
	SyscallExecve15X: {Name: "execve", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("exe", PTCharbuf, PFNA),
		param("args", PTBytebuf, PFNA),
		param("tid", PTPid, PFDec),
		param("pid", PTPid, PFDec),
		param("ptid", PTPid, PFDec),
		param("cwd", PTCharbuf, PFNA),
		param("fdlimit", PTUint64, PFDec),
		param("pgft_maj", PTUint64, PFDec),
		param("pgft_min", PTUint64, PFDec),
		param("vm_size", PTUint32, PFDec),
		param("vm_rss", PTUint32, PFDec),
		param("vm_swap", PTUint32, PFDec),
		param("comm", PTCharbuf, PFNA),
		param("env", PTBytebuf, PFNA),
	}},
	SyscallClone17E: {Name: "clone", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagModifiesState},
	SyscallClone17X: {Name: "clone", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTPid, PFDec),
		param("exe", PTCharbuf, PFNA),
		param("args", PTBytebuf, PFNA),
		param("tid", PTPid, PFDec),
		param("pid", PTPid, PFDec),
		param("ptid", PTPid, PFDec),
		param("cwd", PTCharbuf, PFNA),
		param("fdlimit", PTInt64, PFDec),
		param("pgft_maj", PTUint64, PFDec),
		param("pgft_min", PTUint64, PFDec),
		param("vm_size", PTUint32, PFDec),
		param("vm_rss", PTUint32, PFDec),
		param("vm_swap", PTUint32, PFDec),
		param("comm", PTCharbuf, PFNA),
		named("flags", PTFlags32, PFHex, CloneFlags),
		param("uid", PTUint32, PFDec),
		param("gid", PTUint32, PFDec),
	}},
	SyscallFork17E: {Name: "fork", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagModifiesState},
	SyscallFork17X: {Name: "fork", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTPid, PFDec),
		param("exe", PTCharbuf, PFNA),
		param("args", PTBytebuf, PFNA),
		param("tid", PTPid, PFDec),
		param("pid", PTPid, PFDec),
		param("ptid", PTPid, PFDec),
		param("cwd", PTCharbuf, PFNA),
		param("fdlimit", PTInt64, PFDec),
		param("pgft_maj", PTUint64, PFDec),
		param("pgft_min", PTUint64, PFDec),
		param("vm_size", PTUint32, PFDec),
		param("vm_rss", PTUint32, PFDec),
		param("vm_swap", PTUint32, PFDec),
		param("comm", PTCharbuf, PFNA),
		named("flags", PTFlags32, PFHex, CloneFlags),
		param("uid", PTUint32, PFDec),
		param("gid", PTUint32, PFDec),
	}},
	SyscallVfork17E: {Name: "vfork", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagModifiesState},
	SyscallVfork17X: {Name: "vfork", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTPid, PFDec),
		param("exe", PTCharbuf, PFNA),
		param("args", PTBytebuf, PFNA),
		param("tid", PTPid, PFDec),
		param("pid", PTPid, PFDec),
		param("ptid", PTPid, PFDec),
		param("cwd", PTCharbuf, PFNA),
		param("fdlimit", PTInt64, PFDec),
		param("pgft_maj", PTUint64, PFDec),
		param("pgft_min", PTUint64, PFDec),
		param("vm_size", PTUint32, PFDec),
		param("vm_rss", PTUint32, PFDec),
		param("vm_swap", PTUint32, PFDec),
		param("comm", PTCharbuf, PFNA),
		named("flags", PTFlags32, PFHex, CloneFlags),
		param("uid", PTUint32, PFDec),
		param("gid", PTUint32, PFDec),
	}},
	SyscallClone20E: {Name: "clone", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagModifiesState},
	SyscallClone20X: {Name: "clone", Category: CatProcess | CatSyscall, Flags: FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTPid, PFDec),
		param("exe", PTCharbuf, PFNA),
		param("args", PTBytebuf, PFNA),
		param("tid", PTPid, PFDec),
		param("pid", PTPid, PFDec),
		param("ptid", PTPid, PFDec),
		param("cwd", PTCharbuf, PFNA),
		param("fdlimit", PTInt64, PFDec),
		param("pgft_maj", PTUint64, PFDec),
		param("pgft_min", PTUint64, PFDec),
		param("vm_size", PTUint32, PFDec),
		param("vm_rss", PTUint32, PFDec),
		param("vm_swap", PTUint32, PFDec),
		param("comm", PTCharbuf, PFNA),
		param("cgroups", PTBytebuf, PFNA),
		named("flags", PTFlags32, PFHex, CloneFlags),
		param("uid", PTUint32, PFDec),
		param("gid", PTUint32, PFDec),
		param("vtid", PTPid, PFDec),
		param("vpid", PTPid, PFDec),
		param("pidns_init_start_ts", PTUint64, PFDec),
	}},
	SyscallFork20E: {Name: "fork", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagModifiesState},
	SyscallFork20X: {Name: "fork", Category: CatProcess | CatSyscall, Flags: FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTPid, PFDec),
		param("exe", PTCharbuf, PFNA),
		param("args", PTBytebuf, PFNA),
		param("tid", PTPid, PFDec),
		param("pid", PTPid, PFDec),
		param("ptid", PTPid, PFDec),
		param("cwd", PTCharbuf, PFNA),
		param("fdlimit", PTInt64, PFDec),
		param("pgft_maj", PTUint64, PFDec),
		param("pgft_min", PTUint64, PFDec),
		param("vm_size", PTUint32, PFDec),
		param("vm_rss", PTUint32, PFDec),
		param("vm_swap", PTUint32, PFDec),
		param("comm", PTCharbuf, PFNA),
		param("cgroups", PTBytebuf, PFNA),
		named("flags", PTFlags32, PFHex, CloneFlags),
		param("uid", PTUint32, PFDec),
		param("gid", PTUint32, PFDec),
		param("vtid", PTPid, PFDec),
		param("vpid", PTPid, PFDec),
		param("pidns_init_start_ts", PTUint64, PFDec),
	}},
	SyscallVfork20E: {Name: "vfork", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagModifiesState},
	SyscallVfork20X: {Name: "vfork", Category: CatProcess | CatSyscall, Flags: FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTPid, PFDec),
		param("exe", PTCharbuf, PFNA),
		param("args", PTBytebuf, PFNA),
		param("tid", PTPid, PFDec),
		param("pid", PTPid, PFDec),
		param("ptid", PTPid, PFDec),
		param("cwd", PTCharbuf, PFNA),
		param("fdlimit", PTInt64, PFDec),
		param("pgft_maj", PTUint64, PFDec),
		param("pgft_min", PTUint64, PFDec),
		param("vm_size", PTUint32, PFDec),
		param("vm_rss", PTUint32, PFDec),
		param("vm_swap", PTUint32, PFDec),
		param("comm", PTCharbuf, PFNA),
		param("cgroups", PTBytebuf, PFNA),
		named("flags", PTFlags32, PFHex, CloneFlags),
		param("uid", PTUint32, PFDec),
		param("gid", PTUint32, PFDec),
		param("vtid", PTPid, PFDec),
		param("vpid", PTPid, PFDec),
		param("pidns_init_start_ts", PTUint64, PFDec),
	}},
	ContainerE: {Name: "container", Category: CatInternal | CatMetaevent, Flags: FlagOldVersion | FlagSkipParseReset | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("id", PTCharbuf, PFNA),
		param("type", PTUint32, PFDec),
		param("name", PTCharbuf, PFNA),
		param("image", PTCharbuf, PFNA),
	}},
	ContainerX:       {Name: "NA", Category: CatUnknown, Flags: FlagUnused},
	SyscallExecve16E: {Name: "execve", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagModifiesState | FlagTmpConverter},
	SyscallExecve16X: {Name: "execve", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("exe", PTCharbuf, PFNA),
		param("args", PTBytebuf, PFNA),
		param("tid", PTPid, PFDec),
		param("pid", PTPid, PFDec),
		param("ptid", PTPid, PFDec),
		param("cwd", PTCharbuf, PFNA),
		param("fdlimit", PTUint64, PFDec),
		param("pgft_maj", PTUint64, PFDec),
		param("pgft_min", PTUint64, PFDec),
		param("vm_size", PTUint32, PFDec),
		param("vm_rss", PTUint32, PFDec),
		param("vm_swap", PTUint32, PFDec),
		param("comm", PTCharbuf, PFNA),
		param("cgroups", PTBytebuf, PFNA),
		param("env", PTBytebuf, PFNA),
	}},
	SignaldeliverE: {Name: "signaldeliver", Category: CatSignal | CatTracepoint, Flags: 0, Params: []ParamInfo{
		param("spid", PTPid, PFDec),
		param("dpid", PTPid, PFDec),
		param("sig", PTSigType, PFDec),
	}},
	SignaldeliverX: {Name: "NA", Category: CatUnknown, Flags: FlagUnused},
	ProcinfoE: {Name: "procinfo", Category: CatInternal | CatMetaevent, Flags: FlagSkipParseReset, Params: []ParamInfo{
		param("cpu_usr", PTUint64, PFDec),
		param("cpu_sys", PTUint64, PFDec),
	}},
	ProcinfoX: {Name: "NA", Category: CatUnknown, Flags: FlagUnused},
	SyscallGetdentsE: {Name: "getdents", Category: CatFile | CatSyscall, Flags: FlagOldVersion | FlagUsesFD | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFNA),
	}},
	SyscallGetdentsX: {Name: "getdents", Category: CatFile | CatSyscall, Flags: FlagUsesFD | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("fd", PTFD, PFNA),
	}},
	SyscallGetdents64E: {Name: "getdents64", Category: CatFile | CatSyscall, Flags: FlagOldVersion | FlagUsesFD | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFNA),
	}},
	SyscallGetdents64X: {Name: "getdents64", Category: CatFile | CatSyscall, Flags: FlagUsesFD | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("fd", PTFD, PFNA),
	}},
	SyscallSetnsE: {Name: "setns", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagUsesFD | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFNA),
		named("nstype", PTFlags32, PFHex, CloneFlags),
	}},
	SyscallSetnsX: {Name: "setns", Category: CatProcess | CatSyscall, Flags: FlagUsesFD | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("fd", PTFD, PFNA),
		named("nstype", PTFlags32, PFHex, CloneFlags),
	}},
	SyscallFlockE: {Name: "flock", Category: CatFile | CatSyscall, Flags: FlagOldVersion | FlagUsesFD | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFNA),
		named("operation", PTFlags32, PFHex, FlockFlags),
	}},
	SyscallFlockX: {Name: "flock", Category: CatFile | CatSyscall, Flags: FlagUsesFD | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("fd", PTFD, PFNA),
		named("operation", PTFlags32, PFHex, FlockFlags),
	}},
	CpuHotplugE: {Name: "cpu_hotplug", Category: CatSystem | CatMetaevent, Flags: FlagSkipParseReset | FlagModifiesState, Params: []ParamInfo{
		param("cpu", PTUint32, PFDec),
		param("action", PTUint32, PFDec),
	}},
	CpuHotplugX:    {Name: "NA", Category: CatUnknown, Flags: FlagUnused},
	SocketAccept5E: {Name: "accept", Category: CatNet | CatSyscall, Flags: FlagOldVersion | FlagCreatesFD | FlagModifiesState},
	SocketAccept5X: {Name: "accept", Category: CatNet | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("tuple", PTSocktuple, PFNA),
		param("queuepct", PTUint8, PFDec),
		param("queuelen", PTUint32, PFDec),
		param("queuemax", PTUint32, PFDec),
	}},
	SocketAccept45E: {Name: "accept", Category: CatNet | CatSyscall, Flags: FlagOldVersion | FlagCreatesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("flags", PTInt32, PFHex),
	}},
	SocketAccept45X: {Name: "accept", Category: CatNet | CatSyscall, Flags: FlagOldVersion | FlagCreatesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("tuple", PTSocktuple, PFNA),
		param("queuepct", PTUint8, PFDec),
		param("queuelen", PTUint32, PFDec),
		param("queuemax", PTUint32, PFDec),
	}},
	SyscallSemopE: {Name: "semop", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagTmpConverter, Params: []ParamInfo{
		param("semid", PTInt32, PFDec),
	}},
	SyscallSemopX: {Name: "semop", Category: CatProcess | CatSyscall, Flags: FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("nsops", PTUint32, PFDec),
		param("sem_num_0", PTUint16, PFDec),
		param("sem_op_0", PTInt16, PFDec),
		named("sem_flg_0", PTFlags16, PFHex, SemopFlags),
		param("sem_num_1", PTUint16, PFDec),
		param("sem_op_1", PTInt16, PFDec),
		named("sem_flg_1", PTFlags16, PFHex, SemopFlags),
		param("semid", PTInt32, PFDec),
	}},
	SyscallSemctlE: {Name: "semctl", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagTmpConverter, Params: []ParamInfo{
		param("semid", PTInt32, PFDec),
		param("semnum", PTInt32, PFDec),
		named("cmd", PTFlags16, PFHex, SemctlCommands),
		param("val", PTInt32, PFDec),
	}},
	SyscallSemctlX: {Name: "semctl", Category: CatProcess | CatSyscall, Flags: FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("semid", PTInt32, PFDec),
		param("semnum", PTInt32, PFDec),
		named("cmd", PTFlags16, PFHex, SemctlCommands),
		param("val", PTInt32, PFDec),
	}},
	SyscallPpollE: {Name: "ppoll", Category: CatWait | CatSyscall, Flags: FlagOldVersion | FlagWaits | FlagTmpConverter, Params: []ParamInfo{
		param("fds", PTFDList, PFDec),
		param("timeout", PTRelTime, PFDec),
		param("sigmask", PTSigSet, PFDec),
	}},
	SyscallPpollX: {Name: "ppoll", Category: CatWait | CatSyscall, Flags: FlagWaits | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("fds", PTFDList, PFDec),
		param("timeout", PTRelTime, PFDec),
		param("sigmask", PTSigSet, PFDec),
	}},
	SyscallMountE: {Name: "mount", Category: CatFile | CatSyscall, Flags: FlagOldVersion | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		named("flags", PTFlags32, PFHex, MountFlags),
	}},
	SyscallMountX: {Name: "mount", Category: CatFile | CatSyscall, Flags: FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("dev", PTCharbuf, PFNA),
		param("dir", PTFSPath, PFNA),
		param("type", PTCharbuf, PFNA),
		named("flags", PTFlags32, PFHex, MountFlags),
	}},
	SyscallUmountE: {Name: "umount", Category: CatFile | CatSyscall, Flags: FlagOldVersion | FlagModifiesState, Params: []ParamInfo{
		named("flags", PTFlags32, PFHex, UmountFlags),
	}},
	SyscallUmountX: {Name: "umount", Category: CatFile | CatSyscall, Flags: FlagOldVersion | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("name", PTFSPath, PFNA),
	}},
	K8sE: {Name: "k8s", Category: CatInternal | CatMetaevent, Flags: FlagOldVersion | FlagSkipParseReset | FlagModifiesState, Params: []ParamInfo{
		param("json", PTCharbuf, PFNA),
	}},
	K8sX: {Name: "NA", Category: CatUnknown, Flags: FlagUnused},
	SyscallSemgetE: {Name: "semget", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagTmpConverter, Params: []ParamInfo{
		param("key", PTInt32, PFHex),
		param("nsems", PTInt32, PFDec),
		named("semflg", PTFlags32, PFHex, SemgetFlags),
	}},
	SyscallSemgetX: {Name: "semget", Category: CatProcess | CatSyscall, Flags: FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("key", PTInt32, PFHex),
		param("nsems", PTInt32, PFDec),
		named("semflg", PTFlags32, PFHex, SemgetFlags),
	}},
	SyscallAccessE: {Name: "access", Category: CatFile | CatSyscall, Flags: FlagOldVersion | FlagTmpConverter, Params: []ParamInfo{
		named("mode", PTFlags32, PFHex, AccessFlags),
	}},
	SyscallAccessX: {Name: "access", Category: CatFile | CatSyscall, Flags: FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("name", PTFSPath, PFNA),
		named("mode", PTFlags32, PFHex, AccessFlags),
	}},
	SyscallChrootE: {Name: "chroot", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagModifiesState},
	SyscallChrootX: {Name: "chroot", Category: CatProcess | CatSyscall, Flags: FlagModifiesState, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("path", PTFSPath, PFNA),
	}},
	TracerE: {Name: "tracer", Category: CatOther | CatMetaevent, Flags: FlagOldVersion, Params: []ParamInfo{
		param("id", PTInt64, PFDec),
		param("tags", PTCharbufArray, PFNA),
		param("args", PTCharbufPairArray, PFNA),
	}},
	TracerX: {Name: "NA", Category: CatUnknown, Flags: FlagUnused, Params: []ParamInfo{
		param("id", PTInt64, PFDec),
		param("tags", PTCharbufArray, PFNA),
		param("args", PTCharbufPairArray, PFNA),
	}},
	MesosE: {Name: "mesos", Category: CatInternal | CatMetaevent, Flags: FlagOldVersion | FlagSkipParseReset | FlagModifiesState, Params: []ParamInfo{
		param("json", PTCharbuf, PFNA),
	}},
	MesosX: {Name: "NA", Category: CatUnknown, Flags: FlagUnused},
	ContainerJsonE: {Name: "container", Category: CatProcess | CatMetaevent, Flags: FlagOldVersion | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("json", PTCharbuf, PFNA),
	}},
	ContainerJsonX: {Name: "NA", Category: CatUnknown, Flags: FlagUnused},
	SyscallSetsidE: {Name: "setsid", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagModifiesState},
	SyscallSetsidX: {Name: "setsid", Category: CatProcess | CatSyscall, Flags: FlagModifiesState, Params: []ParamInfo{
		param("res", PTPid, PFDec),
	}},
	SyscallMkdir2E: {Name: "mkdir", Category: CatFile | CatSyscall, Flags: FlagOldVersion | FlagTmpConverter, Params: []ParamInfo{
		param("mode", PTUint32, PFHex),
	}},
	SyscallMkdir2X: {Name: "mkdir", Category: CatFile | CatSyscall, Flags: FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("path", PTFSPath, PFNA),
		param("mode", PTUint32, PFHex),
	}},
	SyscallRmdir2E: {Name: "rmdir", Category: CatFile | CatSyscall, Flags: FlagOldVersion},
	SyscallRmdir2X: {Name: "rmdir", Category: CatFile | CatSyscall, Flags: 0, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("path", PTFSPath, PFNA),
	}},
	NotificationE: {Name: "notification", Category: CatOther | CatMetaevent, Flags: FlagSkipParseReset, Params: []ParamInfo{
		param("id", PTCharbuf, PFDec),
		param("desc", PTCharbuf, PFNA),
	}},
	NotificationX:    {Name: "NA", Category: CatUnknown, Flags: FlagUnused},
	SyscallExecve17E: {Name: "execve", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagModifiesState | FlagTmpConverter},
	SyscallExecve17X: {Name: "execve", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("exe", PTCharbuf, PFNA),
		param("args", PTBytebuf, PFNA),
		param("tid", PTPid, PFDec),
		param("pid", PTPid, PFDec),
		param("ptid", PTPid, PFDec),
		param("cwd", PTCharbuf, PFNA),
		param("fdlimit", PTUint64, PFDec),
		param("pgft_maj", PTUint64, PFDec),
		param("pgft_min", PTUint64, PFDec),
		param("vm_size", PTUint32, PFDec),
		param("vm_rss", PTUint32, PFDec),
		param("vm_swap", PTUint32, PFDec),
		param("comm", PTCharbuf, PFNA),
		param("cgroups", PTBytebuf, PFNA),
		param("env", PTBytebuf, PFNA),
		param("tty", PTInt32, PFDec),
	}},
	SyscallUnshareE: {Name: "unshare", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagTmpConverter, Params: []ParamInfo{
		named("flags", PTFlags32, PFHex, CloneFlags),
	}},
	SyscallUnshareX: {Name: "unshare", Category: CatProcess | CatSyscall, Flags: FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		named("flags", PTFlags32, PFHex, CloneFlags),
	}},
	InfrastructureEventE: {Name: "infra", Category: CatInternal | CatMetaevent, Flags: FlagSkipParseReset, Params: []ParamInfo{
		param("source", PTCharbuf, PFDec),
		param("name", PTCharbuf, PFNA),
		param("description", PTCharbuf, PFNA),
		param("scope", PTCharbuf, PFNA),
	}},
	InfrastructureEventX: {Name: "NA", Category: CatUnknown, Flags: FlagUnused},
	SyscallExecve18E: {Name: "execve", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("filename", PTFSPath, PFNA),
	}},
	SyscallExecve18X: {Name: "execve", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("exe", PTCharbuf, PFNA),
		param("args", PTBytebuf, PFNA),
		param("tid", PTPid, PFDec),
		param("pid", PTPid, PFDec),
		param("ptid", PTPid, PFDec),
		param("cwd", PTCharbuf, PFNA),
		param("fdlimit", PTUint64, PFDec),
		param("pgft_maj", PTUint64, PFDec),
		param("pgft_min", PTUint64, PFDec),
		param("vm_size", PTUint32, PFDec),
		param("vm_rss", PTUint32, PFDec),
		param("vm_swap", PTUint32, PFDec),
		param("comm", PTCharbuf, PFNA),
		param("cgroups", PTBytebuf, PFNA),
		param("env", PTBytebuf, PFNA),
		param("tty", PTInt32, PFDec),
	}},
	PageFaultE: {Name: "page_fault", Category: CatOther | CatTracepoint, Flags: FlagSkipParseReset, Params: []ParamInfo{
		param("addr", PTUint64, PFHex),
		param("ip", PTUint64, PFHex),
		named("error", PTFlags32, PFHex, PfFlags),
	}},
	PageFaultX: {Name: "NA", Category: CatUnknown, Flags: FlagUnused},
	SyscallExecve19E: {Name: "execve", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("filename", PTFSPath, PFNA),
	}},
	SyscallExecve19X: {Name: "execve", Category: CatProcess | CatSyscall, Flags: FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("exe", PTCharbuf, PFNA),
		param("args", PTBytebuf, PFNA),
		param("tid", PTPid, PFDec),
		param("pid", PTPid, PFDec),
		param("ptid", PTPid, PFDec),
		param("cwd", PTCharbuf, PFNA),
		param("fdlimit", PTUint64, PFDec),
		param("pgft_maj", PTUint64, PFDec),
		param("pgft_min", PTUint64, PFDec),
		param("vm_size", PTUint32, PFDec),
		param("vm_rss", PTUint32, PFDec),
		param("vm_swap", PTUint32, PFDec),
		param("comm", PTCharbuf, PFNA),
		param("cgroups", PTBytebuf, PFNA),
		param("env", PTBytebuf, PFNA),
		param("tty", PTUint32, PFDec),
		param("vpgid", PTPid, PFDec),
		param("loginuid", PTUID, PFDec),
		named("flags", PTFlags32, PFHex, ExecveFlags),
		param("cap_inheritable", PTUint64, PFHex),
		param("cap_permitted", PTUint64, PFHex),
		param("cap_effective", PTUint64, PFHex),
		param("exe_ino", PTUint64, PFDec),
		param("exe_ino_ctime", PTAbsTime, PFDec),
		param("exe_ino_mtime", PTAbsTime, PFDec),
		param("uid", PTUID, PFDec),
		param("trusted_exepath", PTFSPath, PFNA),
		param("pgid", PTPid, PFNA),
		param("gid", PTGID, PFDec),
		param("filename", PTFSPath, PFNA),
	}},
	SyscallSetpgidE: {Name: "setpgid", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagTmpConverter, Params: []ParamInfo{
		param("pid", PTPid, PFDec),
		param("pgid", PTPid, PFDec),
	}},
	SyscallSetpgidX: {Name: "setpgid", Category: CatProcess | CatSyscall, Flags: FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("pid", PTPid, PFDec),
		param("pgid", PTPid, PFDec),
	}},
	SyscallBpfE: {Name: "bpf", Category: CatOther | CatSyscall, Flags: FlagOldVersion | FlagCreatesFD | FlagTmpConverter, Params: []ParamInfo{
		param("cmd", PTInt64, PFDec),
	}},
	SyscallBpfX: {Name: "bpf", Category: CatOther | CatSyscall, Flags: FlagOldVersion | FlagCreatesFD | FlagTmpConverter, Params: []ParamInfo{
		dynParam("res_or_fd", PFDec, BpfDynamicParam),
	}},
	SyscallSeccompE: {Name: "seccomp", Category: CatOther | CatSyscall, Flags: FlagOldVersion | FlagTmpConverter, Params: []ParamInfo{
		param("op", PTUint64, PFDec),
		param("flags", PTUint64, PFHex),
	}},
	SyscallSeccompX: {Name: "seccomp", Category: CatOther | CatSyscall, Flags: FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("op", PTUint64, PFDec),
		param("flags", PTUint64, PFHex),
	}},
	SyscallUnlink2E: {Name: "unlink", Category: CatFile | CatSyscall, Flags: FlagOldVersion},
	SyscallUnlink2X: {Name: "unlink", Category: CatFile | CatSyscall, Flags: 0, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("path", PTFSPath, PFNA),
	}},
	SyscallUnlinkat2E: {Name: "unlinkat", Category: CatFile | CatSyscall, Flags: FlagOldVersion},
	SyscallUnlinkat2X: {Name: "unlinkat", Category: CatFile | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("dirfd", PTFD, PFDec),
		relPath("name", 1),
		named("flags", PTFlags32, PFHex, UnlinkatFlags),
	}},
	SyscallMkdiratE: {Name: "mkdirat", Category: CatFile | CatSyscall, Flags: FlagOldVersion},
	SyscallMkdiratX: {Name: "mkdirat", Category: CatFile | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("dirfd", PTFD, PFDec),
		relPath("path", 1),
		param("mode", PTUint32, PFHex),
	}},
	SyscallOpenatV2E: {Name: "openat", Category: CatFile | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("dirfd", PTFD, PFDec),
		relPath("name", 0),
		named("flags", PTFlags32, PFHex, FileFlags),
		param("mode", PTUint32, PFOct),
	}},
	SyscallOpenatV2X: {Name: "openat", Category: CatFile | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("dirfd", PTFD, PFDec),
		relPath("name", 1),
		named("flags", PTFlags32, PFHex, FileFlags),
		param("mode", PTUint32, PFOct),
		param("dev", PTUint32, PFHex),
		param("ino", PTUint64, PFDec),
	}},
	SyscallLink2E: {Name: "link", Category: CatFile | CatSyscall, Flags: FlagOldVersion},
	SyscallLink2X: {Name: "link", Category: CatFile | CatSyscall, Flags: 0, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("oldpath", PTFSPath, PFNA),
		param("newpath", PTFSPath, PFNA),
	}},
	SyscallLinkat2E: {Name: "linkat", Category: CatFile | CatSyscall, Flags: FlagOldVersion},
	SyscallLinkat2X: {Name: "linkat", Category: CatFile | CatSyscall, Flags: 0, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("olddir", PTFD, PFDec),
		relPath("oldpath", 1),
		param("newdir", PTFD, PFDec),
		relPath("newpath", 3),
		named("flags", PTFlags32, PFHex, LinkatFlags),
	}},
	SyscallFchmodatE: {Name: "fchmodat", Category: CatFile | CatSyscall, Flags: FlagOldVersion},
	SyscallFchmodatX: {Name: "fchmodat", Category: CatFile | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("dirfd", PTFD, PFDec),
		relPath("filename", 1),
		named("mode", PTMode, PFOct, ChmodMode),
	}},
	SyscallChmodE: {Name: "chmod", Category: CatFile | CatSyscall, Flags: FlagOldVersion},
	SyscallChmodX: {Name: "chmod", Category: CatFile | CatSyscall, Flags: 0, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("filename", PTFSPath, PFNA),
		named("mode", PTMode, PFOct, ChmodMode),
	}},
	SyscallFchmodE: {Name: "fchmod", Category: CatFile | CatSyscall, Flags: FlagOldVersion},
	SyscallFchmodX: {Name: "fchmod", Category: CatFile | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("fd", PTFD, PFDec),
		named("mode", PTMode, PFOct, ChmodMode),
	}},
	SyscallRenameat2E: {Name: "renameat2", Category: CatFile | CatSyscall, Flags: FlagOldVersion},
	SyscallRenameat2X: {Name: "renameat2", Category: CatFile | CatSyscall, Flags: 0, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("olddirfd", PTFD, PFDec),
		relPath("oldpath", 1),
		param("newdirfd", PTFD, PFDec),
		relPath("newpath", 3),
		named("flags", PTFlags32, PFHex, Renameat2Flags),
	}},
	SyscallUserfaultfdE: {Name: "userfaultfd", Category: CatFile | CatSyscall, Flags: FlagOldVersion | FlagCreatesFD | FlagModifiesState},
	SyscallUserfaultfdX: {Name: "userfaultfd", Category: CatFile | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		named("flags", PTFlags32, PFHex, FileFlags),
	}},
	PlugineventE: {Name: "pluginevent", Category: CatOther | CatPlugin, Flags: FlagLargePayload, Params: []ParamInfo{
		param("plugin_id", PTUint32, PFDec),
		param("event_data", PTBytebuf, PFNA),
	}},
	PlugineventX: {Name: "NA", Category: CatUnknown, Flags: FlagUnused},
	ContainerJson2E: {Name: "container", Category: CatProcess | CatMetaevent, Flags: FlagModifiesState | FlagLargePayload, Params: []ParamInfo{
		param("json", PTCharbuf, PFNA),
	}},
	ContainerJson2X: {Name: "NA", Category: CatUnknown, Flags: FlagUnused},
	SyscallOpenat2E: {Name: "openat2", Category: CatFile | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("dirfd", PTFD, PFDec),
		relPath("name", 0),
		named("flags", PTFlags32, PFHex, FileFlags),
		param("mode", PTUint32, PFOct),
		named("resolve", PTFlags32, PFHex, Openat2Flags),
	}},
	SyscallOpenat2X: {Name: "openat2", Category: CatFile | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("dirfd", PTFD, PFDec),
		relPath("name", 1),
		named("flags", PTFlags32, PFHex, FileFlags),
		param("mode", PTUint32, PFOct),
		named("resolve", PTFlags32, PFHex, Openat2Flags),
		param("dev", PTUint32, PFHex),
		param("ino", PTUint64, PFDec),
	}},
	SyscallMprotectE: {Name: "mprotect", Category: CatMemory | CatSyscall, Flags: FlagOldVersion | FlagTmpConverter, Params: []ParamInfo{
		param("addr", PTUint64, PFHex),
		param("length", PTUint64, PFDec),
		named("prot", PTFlags32, PFHex, ProtFlags),
	}},
	SyscallMprotectX: {Name: "mprotect", Category: CatMemory | CatSyscall, Flags: FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("addr", PTUint64, PFHex),
		param("length", PTUint64, PFDec),
		named("prot", PTFlags32, PFHex, ProtFlags),
	}},
	SyscallExecveatE: {Name: "execveat", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("dirfd", PTFD, PFDec),
		relPath("pathname", 0),
		named("flags", PTFlags32, PFHex, ExecveatFlags),
	}},
	SyscallExecveatX: {Name: "execveat", Category: CatProcess | CatSyscall, Flags: FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("exe", PTCharbuf, PFNA),
		param("args", PTBytebuf, PFNA),
		param("tid", PTPid, PFDec),
		param("pid", PTPid, PFDec),
		param("ptid", PTPid, PFDec),
		param("cwd", PTCharbuf, PFNA),
		param("fdlimit", PTUint64, PFDec),
		param("pgft_maj", PTUint64, PFDec),
		param("pgft_min", PTUint64, PFDec),
		param("vm_size", PTUint32, PFDec),
		param("vm_rss", PTUint32, PFDec),
		param("vm_swap", PTUint32, PFDec),
		param("comm", PTCharbuf, PFNA),
		param("cgroups", PTBytebuf, PFNA),
		param("env", PTBytebuf, PFNA),
		param("tty", PTUint32, PFDec),
		param("vpgid", PTPid, PFDec),
		param("loginuid", PTUID, PFDec),
		named("flags", PTFlags32, PFHex, ExecveFlags),
		param("cap_inheritable", PTUint64, PFHex),
		param("cap_permitted", PTUint64, PFHex),
		param("cap_effective", PTUint64, PFHex),
		param("exe_ino", PTUint64, PFDec),
		param("exe_ino_ctime", PTAbsTime, PFDec),
		param("exe_ino_mtime", PTAbsTime, PFDec),
		param("uid", PTUID, PFDec),
		param("trusted_exepath", PTFSPath, PFNA),
		param("pgid", PTPid, PFNA),
		param("gid", PTGID, PFDec),
	}},
	SyscallCopyFileRangeE: {Name: "copy_file_range", Category: CatFile | CatSyscall, Flags: FlagOldVersion | FlagUsesFD | FlagReadsFromFD | FlagWritesToFD | FlagTmpConverter, Params: []ParamInfo{
		param("fdin", PTFD, PFDec),
		param("offin", PTUint64, PFDec),
		param("len", PTUint64, PFDec),
	}},
	SyscallCopyFileRangeX: {Name: "copy_file_range", Category: CatFile | CatSyscall, Flags: FlagUsesFD | FlagReadsFromFD | FlagWritesToFD | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("fdout", PTFD, PFDec),
		param("offout", PTUint64, PFDec),
		param("fdin", PTFD, PFDec),
		param("offin", PTUint64, PFDec),
		param("len", PTUint64, PFDec),
	}},
	SyscallClone3E: {Name: "clone3", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagModifiesState},
	SyscallClone3X: {Name: "clone3", Category: CatProcess | CatSyscall, Flags: FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTPid, PFDec),
		param("exe", PTCharbuf, PFNA),
		param("args", PTBytebuf, PFNA),
		param("tid", PTPid, PFDec),
		param("pid", PTPid, PFDec),
		param("ptid", PTPid, PFDec),
		param("cwd", PTCharbuf, PFNA),
		param("fdlimit", PTInt64, PFDec),
		param("pgft_maj", PTUint64, PFDec),
		param("pgft_min", PTUint64, PFDec),
		param("vm_size", PTUint32, PFDec),
		param("vm_rss", PTUint32, PFDec),
		param("vm_swap", PTUint32, PFDec),
		param("comm", PTCharbuf, PFNA),
		param("cgroups", PTBytebuf, PFNA),
		named("flags", PTFlags32, PFHex, CloneFlags),
		param("uid", PTUint32, PFDec),
		param("gid", PTUint32, PFDec),
		param("vtid", PTPid, PFDec),
		param("vpid", PTPid, PFDec),
		param("pidns_init_start_ts", PTUint64, PFDec),
	}},
	SyscallOpenByHandleAtE: {Name: "open_by_handle_at", Category: CatFile | CatSyscall, Flags: FlagOldVersion | FlagCreatesFD | FlagModifiesState},
	SyscallOpenByHandleAtX: {Name: "open_by_handle_at", Category: CatFile | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("mountfd", PTFD, PFDec),
		named("flags", PTFlags32, PFHex, FileFlags),
		param("path", PTFSPath, PFNA),
		param("dev", PTUint32, PFHex),
		param("ino", PTUint64, PFDec),
	}},
	SyscallIoUringSetupE: {Name: "io_uring_setup", Category: CatIOOther | CatSyscall, Flags: FlagOldVersion | FlagCreatesFD | FlagModifiesState},
	SyscallIoUringSetupX: {Name: "io_uring_setup", Category: CatIOOther | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("entries", PTUint32, PFDec),
		param("sq_entries", PTUint32, PFDec),
		param("cq_entries", PTUint32, PFDec),
		named("flags", PTFlags32, PFHex, IoUringSetupFlags),
		param("sq_thread_cpu", PTUint32, PFDec),
		param("sq_thread_idle", PTUint32, PFDec),
		named("features", PTFlags32, PFHex, IoUringSetupFeats),
	}},
	SyscallIoUringEnterE: {Name: "io_uring_enter", Category: CatIOOther | CatSyscall, Flags: FlagOldVersion},
	SyscallIoUringEnterX: {Name: "io_uring_enter", Category: CatIOOther | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("fd", PTFD, PFDec),
		param("to_submit", PTUint32, PFDec),
		param("min_complete", PTUint32, PFDec),
		named("flags", PTFlags32, PFHex, IoUringEnterFlags),
		param("sig", PTSigSet, PFDec),
	}},
	SyscallIoUringRegisterE: {Name: "io_uring_register", Category: CatIOOther | CatSyscall, Flags: FlagOldVersion},
	SyscallIoUringRegisterX: {Name: "io_uring_register", Category: CatIOOther | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("fd", PTFD, PFDec),
		named("opcode", PTEnumFlags16, PFDec, IoUringRegisterOpcodes),
		param("arg", PTUint64, PFHex),
		param("nr_args", PTUint32, PFDec),
	}},
	SyscallMlockE: {Name: "mlock", Category: CatMemory | CatSyscall, Flags: FlagOldVersion},
	SyscallMlockX: {Name: "mlock", Category: CatMemory | CatSyscall, Flags: 0, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("addr", PTUint64, PFHex),
		param("len", PTUint64, PFDec),
	}},
	SyscallMunlockE: {Name: "munlock", Category: CatMemory | CatSyscall, Flags: FlagOldVersion},
	SyscallMunlockX: {Name: "munlock", Category: CatMemory | CatSyscall, Flags: 0, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("addr", PTUint64, PFHex),
		param("len", PTUint64, PFDec),
	}},
	SyscallMlockallE: {Name: "mlockall", Category: CatMemory | CatSyscall, Flags: FlagOldVersion},
	SyscallMlockallX: {Name: "mlockall", Category: CatMemory | CatSyscall, Flags: 0, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		named("flags", PTFlags32, PFHex, MlockallFlags),
	}},
	SyscallMunlockallE: {Name: "munlockall", Category: CatMemory | CatSyscall, Flags: FlagOldVersion},
	SyscallMunlockallX: {Name: "munlockall", Category: CatMemory | CatSyscall, Flags: 0, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
	}},
	SyscallCapsetE: {Name: "capset", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagModifiesState},
	SyscallCapsetX: {Name: "capset", Category: CatProcess | CatSyscall, Flags: FlagModifiesState, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("cap_inheritable", PTUint64, PFHex),
		param("cap_permitted", PTUint64, PFHex),
		param("cap_effective", PTUint64, PFHex),
	}},
	UserAddedE: {Name: "useradded", Category: CatProcess | CatMetaevent, Flags: FlagModifiesState, Params: []ParamInfo{
		param("uid", PTUint32, PFDec),
		param("gid", PTUint32, PFDec),
		param("name", PTCharbuf, PFNA),
		param("home", PTCharbuf, PFNA),
		param("shell", PTCharbuf, PFNA),
		param("container_id", PTCharbuf, PFNA),
	}},
	UserAddedX: {Name: "NA", Category: CatUnknown, Flags: FlagUnused},
	UserDeletedE: {Name: "userdeleted", Category: CatProcess | CatMetaevent, Flags: FlagModifiesState, Params: []ParamInfo{
		param("uid", PTUint32, PFDec),
		param("gid", PTUint32, PFDec),
		param("name", PTCharbuf, PFNA),
		param("home", PTCharbuf, PFNA),
		param("shell", PTCharbuf, PFNA),
		param("container_id", PTCharbuf, PFNA),
	}},
	UserDeletedX: {Name: "NA", Category: CatUnknown, Flags: FlagUnused},
	GroupAddedE: {Name: "groupadded", Category: CatProcess | CatMetaevent, Flags: FlagModifiesState, Params: []ParamInfo{
		param("gid", PTUint32, PFDec),
		param("name", PTCharbuf, PFNA),
		param("container_id", PTCharbuf, PFNA),
	}},
	GroupAddedX: {Name: "NA", Category: CatUnknown, Flags: FlagUnused},
	GroupDeletedE: {Name: "groupdeleted", Category: CatProcess | CatMetaevent, Flags: FlagModifiesState, Params: []ParamInfo{
		param("gid", PTUint32, PFDec),
		param("name", PTCharbuf, PFNA),
		param("container_id", PTCharbuf, PFNA),
	}},
	GroupDeletedX: {Name: "NA", Category: CatUnknown, Flags: FlagUnused},
	SyscallDup2E: {Name: "dup2", Category: CatIOOther | CatSyscall, Flags: FlagOldVersion | FlagCreatesFD | FlagUsesFD | FlagModifiesState, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
	}},
	SyscallDup2X: {Name: "dup2", Category: CatIOOther | CatSyscall, Flags: FlagCreatesFD | FlagUsesFD | FlagModifiesState, Params: []ParamInfo{
		param("res", PTFD, PFDec),
		param("oldfd", PTFD, PFDec),
		param("newfd", PTFD, PFDec),
	}},
	SyscallDup3E: {Name: "dup3", Category: CatIOOther | CatSyscall, Flags: FlagOldVersion | FlagCreatesFD | FlagUsesFD | FlagModifiesState, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
	}},
	SyscallDup3X: {Name: "dup3", Category: CatIOOther | CatSyscall, Flags: FlagCreatesFD | FlagUsesFD | FlagModifiesState, Params: []ParamInfo{
		param("res", PTFD, PFDec),
		param("oldfd", PTFD, PFDec),
		param("newfd", PTFD, PFDec),
		named("flags", PTFlags32, PFHex, FileFlags),
	}},
	SyscallDup1E: {Name: "dup", Category: CatIOOther | CatSyscall, Flags: FlagOldVersion | FlagCreatesFD | FlagUsesFD | FlagModifiesState, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
	}},
	SyscallDup1X: {Name: "dup", Category: CatIOOther | CatSyscall, Flags: FlagCreatesFD | FlagUsesFD | FlagModifiesState, Params: []ParamInfo{
		param("res", PTFD, PFDec),
		param("oldfd", PTFD, PFDec),
	}},
	SyscallBpf2E: {Name: "bpf", Category: CatOther | CatSyscall, Flags: FlagOldVersion | FlagCreatesFD, Params: []ParamInfo{
		param("cmd", PTInt64, PFDec),
	}},
	SyscallBpf2X: {Name: "bpf", Category: CatOther | CatSyscall, Flags: FlagCreatesFD, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		named("cmd", PTEnumFlags32, PFDec, BpfCommands),
	}},
	SyscallMlock2E: {Name: "mlock2", Category: CatMemory | CatSyscall, Flags: FlagOldVersion},
	SyscallMlock2X: {Name: "mlock2", Category: CatMemory | CatSyscall, Flags: 0, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("addr", PTUint64, PFHex),
		param("len", PTUint64, PFDec),
		named("flags", PTFlags32, PFHex, Mlock2Flags),
	}},
	SyscallFsconfigE: {Name: "fsconfig", Category: CatSystem | CatSyscall, Flags: FlagOldVersion},
	SyscallFsconfigX: {Name: "fsconfig", Category: CatSystem | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("fd", PTFD, PFDec),
		named("cmd", PTEnumFlags32, PFDec, FsconfigCmds),
		param("key", PTCharbuf, PFNA),
		param("value_bytebuf", PTBytebuf, PFNA),
		param("value_charbuf", PTCharbuf, PFNA),
		param("aux", PTInt32, PFDec),
	}},
	SyscallEpollCreateE: {Name: "epoll_create", Category: CatWait | CatSyscall, Flags: FlagOldVersion | FlagCreatesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("size", PTInt32, PFDec),
	}},
	SyscallEpollCreateX: {Name: "epoll_create", Category: CatWait | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("size", PTInt32, PFDec),
	}},
	SyscallEpollCreate1E: {Name: "epoll_create1", Category: CatWait | CatSyscall, Flags: FlagOldVersion | FlagCreatesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		named("flags", PTFlags32, PFHex, EpollCreate1Flags),
	}},
	SyscallEpollCreate1X: {Name: "epoll_create1", Category: CatWait | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		named("flags", PTFlags32, PFHex, EpollCreate1Flags),
	}},
	SyscallChownE: {Name: "chown", Category: CatFile | CatSyscall, Flags: FlagOldVersion},
	SyscallChownX: {Name: "chown", Category: CatFile | CatSyscall, Flags: 0, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("path", PTFSPath, PFNA),
		param("uid", PTUint32, PFDec),
		param("gid", PTUint32, PFDec),
	}},
	SyscallLchownE: {Name: "lchown", Category: CatFile | CatSyscall, Flags: FlagOldVersion},
	SyscallLchownX: {Name: "lchown", Category: CatFile | CatSyscall, Flags: 0, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("path", PTFSPath, PFNA),
		param("uid", PTUint32, PFDec),
		param("gid", PTUint32, PFDec),
	}},
	SyscallFchownE: {Name: "fchown", Category: CatFile | CatSyscall, Flags: FlagOldVersion},
	SyscallFchownX: {Name: "fchown", Category: CatFile | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("fd", PTFD, PFDec),
		param("uid", PTUint32, PFDec),
		param("gid", PTUint32, PFDec),
	}},
	SyscallFchownatE: {Name: "fchownat", Category: CatFile | CatSyscall, Flags: FlagOldVersion},
	SyscallFchownatX: {Name: "fchownat", Category: CatFile | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("dirfd", PTFD, PFDec),
		relPath("pathname", 1),
		param("uid", PTUint32, PFDec),
		param("gid", PTUint32, PFDec),
		named("flags", PTFlags32, PFHex, FchownatFlags),
	}},
	SyscallUmount1E: {Name: "umount", Category: CatFile | CatSyscall, Flags: FlagOldVersion | FlagModifiesState},
	SyscallUmount1X: {Name: "umount", Category: CatFile | CatSyscall, Flags: FlagModifiesState, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("name", PTFSPath, PFNA),
	}},
	SocketAccept46E: {Name: "accept4", Category: CatNet | CatSyscall, Flags: FlagOldVersion | FlagCreatesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("flags", PTInt32, PFHex),
	}},
	SocketAccept46X: {Name: "accept4", Category: CatNet | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("tuple", PTSocktuple, PFNA),
		param("queuepct", PTUint8, PFDec),
		param("queuelen", PTUint32, PFDec),
		param("queuemax", PTUint32, PFDec),
		param("flags", PTInt32, PFHex),
	}},
	SyscallUmount2E: {Name: "umount2", Category: CatFile | CatSyscall, Flags: FlagOldVersion | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		named("flags", PTFlags32, PFHex, UmountFlags),
	}},
	SyscallUmount2X: {Name: "umount2", Category: CatFile | CatSyscall, Flags: FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("name", PTFSPath, PFNA),
		named("flags", PTFlags32, PFHex, UmountFlags),
	}},
	SyscallPipe2E: {Name: "pipe2", Category: CatIPC | CatSyscall, Flags: FlagOldVersion | FlagCreatesFD | FlagModifiesState},
	SyscallPipe2X: {Name: "pipe2", Category: CatIPC | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("fd1", PTFD, PFDec),
		param("fd2", PTFD, PFDec),
		param("ino", PTUint64, PFDec),
		named("flags", PTFlags32, PFHex, FileFlags),
	}},
	SyscallInotifyInit1E: {Name: "inotify_init1", Category: CatIPC | CatSyscall, Flags: FlagOldVersion | FlagCreatesFD | FlagModifiesState},
	SyscallInotifyInit1X: {Name: "inotify_init1", Category: CatIPC | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState, Params: []ParamInfo{
		param("res", PTFD, PFDec),
		named("flags", PTFlags16, PFHex, FileFlags),
	}},
	SyscallEventfd2E: {Name: "eventfd2", Category: CatIPC | CatSyscall, Flags: FlagOldVersion | FlagCreatesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("initval", PTUint64, PFDec),
	}},
	SyscallEventfd2X: {Name: "eventfd2", Category: CatIPC | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTFD, PFDec),
		named("flags", PTFlags16, PFHex, FileFlags),
		param("initval", PTUint64, PFDec),
	}},
	SyscallSignalfd4E: {Name: "signalfd4", Category: CatSignal | CatSyscall, Flags: FlagOldVersion | FlagCreatesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("mask", PTUint32, PFHex),
	}},
	SyscallSignalfd4X: {Name: "signalfd4", Category: CatSignal | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState | FlagTmpConverter, Params: []ParamInfo{
		param("res", PTFD, PFDec),
		named("flags", PTFlags16, PFHex, FileFlags),
		param("fd", PTFD, PFDec),
		param("mask", PTUint32, PFHex),
	}},
	SyscallPrctlE: {Name: "prctl", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagModifiesState},
	SyscallPrctlX: {Name: "prctl", Category: CatProcess | CatSyscall, Flags: FlagModifiesState, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		named("option", PTEnumFlags32, PFDec, PrctlOptions),
		param("arg2_str", PTCharbuf, PFNA),
		param("arg2_int", PTInt64, PFDec),
	}},
	AsynceventE: {Name: "asyncevent", Category: CatOther | CatMetaevent, Flags: FlagLargePayload, Params: []ParamInfo{
		param("plugin_id", PTUint32, PFDec),
		param("name", PTCharbuf, PFNA),
		param("data", PTBytebuf, PFNA),
	}},
	AsynceventX:         {Name: "NA", Category: CatUnknown, Flags: FlagUnused},
	SyscallMemfdCreateE: {Name: "memfd_create", Category: CatMemory | CatSyscall, Flags: FlagOldVersion | FlagCreatesFD | FlagModifiesState},
	SyscallMemfdCreateX: {Name: "memfd_create", Category: CatMemory | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("name", PTCharbuf, PFNA),
		named("flags", PTFlags32, PFHex, MemfdCreateFlags),
	}},
	SyscallPidfdGetfdE: {Name: "pidfd_getfd", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagCreatesFD | FlagModifiesState},
	SyscallPidfdGetfdX: {Name: "pidfd_getfd", Category: CatProcess | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("pid_fd", PTFD, PFDec),
		param("target_fd", PTFD, PFDec),
		param("flags", PTUint32, PFHex),
	}},
	SyscallPidfdOpenE: {Name: "pidfd_open", Category: CatProcess | CatSyscall, Flags: FlagOldVersion | FlagCreatesFD | FlagModifiesState},
	SyscallPidfdOpenX: {Name: "pidfd_open", Category: CatProcess | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("pid", PTPid, PFDec),
		named("flags", PTFlags32, PFHex, PidfdOpenFlags),
	}},
	SyscallInitModuleE: {Name: "init_module", Category: CatOther | CatSyscall, Flags: FlagOldVersion},
	SyscallInitModuleX: {Name: "init_module", Category: CatOther | CatSyscall, Flags: 0, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("img", PTBytebuf, PFNA),
		param("length", PTUint64, PFDec),
		param("uargs", PTCharbuf, PFNA),
	}},
	SyscallFinitModuleE: {Name: "finit_module", Category: CatOther | CatSyscall, Flags: FlagOldVersion},
	SyscallFinitModuleX: {Name: "finit_module", Category: CatOther | CatSyscall, Flags: FlagUsesFD | FlagReadsFromFD, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("fd", PTFD, PFDec),
		param("uargs", PTCharbuf, PFNA),
		named("flags", PTFlags32, PFHex, FinitModuleFlags),
	}},
	SyscallMknodE: {Name: "mknod", Category: CatOther | CatSyscall, Flags: FlagOldVersion},
	SyscallMknodX: {Name: "mknod", Category: CatOther | CatSyscall, Flags: 0, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("path", PTFSPath, PFNA),
		named("mode", PTMode, PFOct, MknodMode),
		param("dev", PTUint32, PFDec),
	}},
	SyscallMknodatE: {Name: "mknodat", Category: CatOther | CatSyscall, Flags: FlagOldVersion},
	SyscallMknodatX: {Name: "mknodat", Category: CatOther | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("dirfd", PTFD, PFDec),
		relPath("path", 1),
		named("mode", PTMode, PFOct, MknodMode),
		param("dev", PTUint32, PFDec),
	}},
	SyscallNewfstatatE: {Name: "newfstatat", Category: CatFile | CatSyscall, Flags: FlagOldVersion},
	SyscallNewfstatatX: {Name: "newfstatat", Category: CatFile | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("dirfd", PTFD, PFDec),
		relPath("path", 1),
		named("flags", PTFlags32, PFHex, NewfstatatFlags),
	}},
	SyscallProcessVmReadvE: {Name: "process_vm_readv", Category: CatIPC | CatSyscall, Flags: FlagOldVersion},
	SyscallProcessVmReadvX: {Name: "process_vm_readv", Category: CatIPC | CatSyscall, Flags: 0, Params: []ParamInfo{
		param("res", PTInt64, PFDec),
		param("pid", PTPid, PFDec),
		param("data", PTBytebuf, PFNA),
	}},
	SyscallProcessVmWritevE: {Name: "process_vm_writev", Category: CatIPC | CatSyscall, Flags: FlagOldVersion},
	SyscallProcessVmWritevX: {Name: "process_vm_writev", Category: CatIPC | CatSyscall, Flags: 0, Params: []ParamInfo{
		param("res", PTInt64, PFDec),
		param("pid", PTPid, PFDec),
		param("data", PTBytebuf, PFNA),
	}},
	SyscallDeleteModuleE: {Name: "delete_module", Category: CatOther | CatSyscall, Flags: FlagOldVersion},
	SyscallDeleteModuleX: {Name: "delete_module", Category: CatOther | CatSyscall, Flags: 0, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("name", PTCharbuf, PFNA),
		named("flags", PTFlags32, PFHex, DeleteModuleFlags),
	}},
	SyscallSetreuidE: {Name: "setreuid", Category: CatUser | CatSyscall, Flags: FlagOldVersion | FlagModifiesState},
	SyscallSetreuidX: {Name: "setreuid", Category: CatUser | CatSyscall, Flags: FlagModifiesState, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("ruid", PTUID, PFDec),
		param("euid", PTUID, PFDec),
	}},
	SyscallSetregidE: {Name: "setregid", Category: CatUser | CatSyscall, Flags: FlagOldVersion},
	SyscallSetregidX: {Name: "setregid", Category: CatUser | CatSyscall, Flags: FlagModifiesState, Params: []ParamInfo{
		param("res", PTErrno, PFDec),
		param("rgid", PTUID, PFDec),
		param("egid", PTUID, PFDec),
	}},
	IterTaskE: {Name: "NA", Category: CatUnknown, Flags: FlagUnused},
	IterTaskX: {Name: "task", Category: CatProcess | CatIter, Flags: FlagModifiesState, Params: []ParamInfo{
		param("tgid", PTPid, PFDec),
		param("ppid", PTPid, PFDec),
		param("pgid", PTPid, PFDec),
		param("vpgid", PTPid, PFDec),
		param("sid", PTPid, PFDec),
		param("comm", PTCharbuf, PFNA),
		param("argv", PTCharbufArray, PFNA),
		param("exepath", PTFSPath, PFNA),
		named("flags", PTFlags32, PFHex, ExecveFlags),
		param("env", PTCharbufArray, PFNA),
		param("cwd", PTCharbuf, PFNA),
		param("fdlimit", PTUint64, PFDec),
		param("euid", PTUID, PFDec),
		param("egid", PTGID, PFDec),
		param("cap_permitted", PTUint64, PFHex),
		param("cap_effective", PTUint64, PFHex),
		param("cap_inheritable", PTUint64, PFHex),
		param("exe_ino_num", PTUint64, PFDec),
		param("exe_ino_ctime", PTAbsTime, PFDec),
		param("exe_ino_mtime", PTAbsTime, PFDec),
		param("vm_size", PTUint32, PFDec),
		param("vm_rss", PTUint32, PFDec),
		param("vm_swap", PTUint32, PFDec),
		param("pgft_maj", PTUint64, PFDec),
		param("pgft_min", PTUint64, PFDec),
		param("vtgid", PTPid, PFDec),
		param("vpid", PTPid, PFDec),
		param("pidns_init_start_ts", PTUint64, PFDec),
		param("cgroups", PTCharbufArray, PFNA),
		param("root", PTFSPath, PFNA),
		param("tty", PTUint32, PFDec),
		param("loginuid", PTUID, PFDec),
	}},
	IterTaskFileSocketInetE: {Name: "NA", Category: CatUnknown, Flags: FlagUnused},
	IterTaskFileSocketInetX: {Name: "task_file_socket_inet", Category: CatProcess | CatIter, Flags: FlagModifiesState, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("sk_type", PTUint16, PFDec),
		param("sk_proto", PTUint16, PFDec),
		param("local_ip", PTIPv4Addr, PFHex),
		param("local_port", PTPort, PFHex),
		param("remote_ip", PTIPv4Addr, PFHex),
		param("remote_port", PTPort, PFHex),
		param("ino_num", PTUint64, PFDec),
	}},
	IterTaskFileSocketInet6E: {Name: "NA", Category: CatUnknown, Flags: FlagUnused},
	IterTaskFileSocketInet6X: {Name: "task_file_socket_inet6", Category: CatProcess | CatIter, Flags: FlagModifiesState, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("sk_type", PTUint16, PFDec),
		param("sk_proto", PTUint16, PFDec),
		param("local_ip", PTIPv6Addr, PFHex),
		param("local_port", PTPort, PFHex),
		param("remote_ip", PTIPv6Addr, PFHex),
		param("remote_port", PTPort, PFHex),
		param("ino_num", PTUint64, PFDec),
	}},
	IterTaskFileSocketUnixE: {Name: "NA", Category: CatUnknown, Flags: FlagUnused},
	IterTaskFileSocketUnixX: {Name: "task_file_socket_unix", Category: CatProcess | CatIter, Flags: FlagModifiesState, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("sk_type", PTUint16, PFDec),
		param("sk_proto", PTUint16, PFDec),
		param("sk_pointer", PTUint64, PFNA),
		param("sun_path", PTFSPath, PFNA),
		param("ino_num", PTUint64, PFDec),
	}},
	IterTaskFilePipeE: {Name: "NA", Category: CatUnknown, Flags: FlagUnused},
	IterTaskFilePipeX: {Name: "task_file_pipe", Category: CatProcess | CatIter, Flags: FlagModifiesState, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("path", PTFSPath, PFNA),
		param("ino_num", PTUint64, PFDec),
	}},
	IterTaskFileDirectoryE: {Name: "NA", Category: CatUnknown, Flags: FlagUnused},
	IterTaskFileDirectoryX: {Name: "task_file_directory", Category: CatProcess | CatIter, Flags: FlagModifiesState, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("path", PTFSPath, PFNA),
		param("ino_num", PTUint64, PFDec),
	}},
	IterTaskFileRegularE: {Name: "NA", Category: CatUnknown, Flags: FlagUnused},
	IterTaskFileRegularX: {Name: "task_file_regular", Category: CatProcess | CatIter, Flags: FlagModifiesState, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("path", PTFSPath, PFNA),
		named("flags", PTFlags32, PFHex, FileFlags),
		param("mnt_id", PTUint32, PFDec),
		param("ino_num", PTUint64, PFDec),
	}},
	IterTaskFileAnonInodeE: {Name: "NA", Category: CatUnknown, Flags: FlagUnused},
	IterTaskFileAnonInodeX: {Name: "task_file_anon_inode", Category: CatProcess | CatIter, Flags: FlagModifiesState, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		named("fd_type", PTFlags8, PFDec, AnonInodeFdTypes),
		param("path", PTFSPath, PFNA),
		param("ino_num", PTUint64, PFDec),
	}},
	IterTaskFileMemfdE: {Name: "NA", Category: CatUnknown, Flags: FlagUnused},
	IterTaskFileMemfdX: {Name: "task_file_memfd", Category: CatProcess | CatIter, Flags: FlagModifiesState, Params: []ParamInfo{
		param("fd", PTFD, PFDec),
		param("path", PTFSPath, PFNA),
		param("ino_num", PTUint64, PFDec),
	}},
}

// param describes a plain parameter.
func param(name string, t ParamType, f PrintFormat) ParamInfo {
	return ParamInfo{Name: name, Type: t, Fmt: f, DirFD: -1}
}

// named describes a flags, enum-flags or mode parameter with its name table.
func named(name string, t ParamType, f PrintFormat, names []NameValue) ParamInfo {
	return ParamInfo{Name: name, Type: t, Fmt: f, Names: names, DirFD: -1}
}

// relPath describes a PT_FSRELPATH parameter resolved against the dirfd
// parameter at index dirfd of the same event.
func relPath(name string, dirfd int8) ParamInfo {
	return ParamInfo{Name: name, Type: PTFSRelPath, Fmt: PFNA, DirFD: dirfd}
}

// dynParam describes a PT_DYN parameter: its first byte on the wire picks
// one of alts, which describe the bytes that follow.
func dynParam(name string, f PrintFormat, alts []ParamInfo) ParamInfo {
	return ParamInfo{Name: name, Type: PTDyn, Fmt: f, Dyn: alts, DirFD: -1}
}
