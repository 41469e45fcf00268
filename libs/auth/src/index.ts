export * from './auth.module';
export * from './domain/api-key';
export * from './domain/authenticator';
export { UserTokens } from './domain/user-tokens';
export { RequestAuthorizer, type AuthorizationRequest } from './http/auth.guard';
