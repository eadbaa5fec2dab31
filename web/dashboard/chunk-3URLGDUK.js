import{a as e,b as r}from"./chunk-JRDIOKRD.js";import"./chunk-VQ6BUIXY.js";import"./chunk-3RNHDNP5.js";export{e as RailroadPegModule,r as createRailroadPegServices};
