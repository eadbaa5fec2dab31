import{a as e,b as r}from"./chunk-6VSRYVWW.js";import"./chunk-VQ6BUIXY.js";import"./chunk-3RNHDNP5.js";export{e as PacketModule,r as createPacketServices};
